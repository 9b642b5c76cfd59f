import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { subscriptionTaxParams } from "./automatic-tax";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/** A confirmed plan change is keyed by its signed quote: confirming the same quote twice is one change. */
export function planChangeIdempotencyKey(quoteToken: string): string {
  return `plan-change:${createHash("sha256").update(quoteToken).digest("hex").slice(0, 48)}`;
}

/**
 * Moves the subscription's item to a price and quantity (a plan change, a seat change, or both), with the proration
 * the caller chose; returns it with its latest invoice.
 */
export function updateSubscriptionPrice(input: {
  subscriptionId: string;
  itemId: string;
  priceId: string;
  /** The paid seats (1 for a plan not priced per seat). */
  quantity: number;
  proration: Pick<Stripe.SubscriptionUpdateParams, "proration_behavior" | "proration_date">;
  /** A change charged now must not switch the plan when the charge fails: Stripe answers 402 and leaves it. */
  failIfUnpaid: boolean;
  metadata: Record<string, string>;
  /** Redeemed with the change (it replaces the subscription's discounts, as the quoted preview did). */
  promotionCodeId?: string;
  idempotencyKey: string;
  /** The customer has an address Stripe Tax can locate (billing/tax-location.ts). */
  taxLocated: boolean;
}): Promise<Stripe.Subscription> {
  return stripeCall(() =>
    getStripe().subscriptions.update(
      input.subscriptionId,
      {
        items: [{ id: input.itemId, price: input.priceId, quantity: input.quantity }],
        ...input.proration,
        ...(input.failIfUnpaid && { payment_behavior: "error_if_incomplete" as const }),
        ...(input.promotionCodeId && { discounts: [{ promotion_code: input.promotionCodeId }] }),
        metadata: input.metadata,
        ...subscriptionTaxParams(input.taxLocated),
        expand: ["latest_invoice"],
      },
      { idempotencyKey: input.idempotencyKey },
    ),
  );
}
