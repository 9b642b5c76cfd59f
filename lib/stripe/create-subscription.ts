import "server-only";
import type Stripe from "stripe";
import { subscriptionTaxKey, subscriptionTaxParams } from "./automatic-tax";
import { getStripe } from "./client";
import { seatsKey } from "./create-checkout-session";
import { stripeCall } from "./stripe-errors";

/**
 * An incomplete subscription whose first invoice the PaymentElement confirms (the deferred-intent flow). Keyed by
 * tenant, price, seats, promotion code and checkout attempt: within one attempt a double click gets the same
 * subscription back, and the same attempt with another code (or none) is another request, not a replay error.
 */
export function createIncompleteSubscription(input: {
  tenantId: string;
  customerId: string;
  plan: { key: string; stripePriceId: string };
  /** Paid seats (1 for a plan not priced per seat). */
  quantity: number;
  attempt: string;
  /** A promotion code already checked by resolvePromotionCode (Stripe checks it again). */
  promotionCodeId?: string | null;
  /** The customer has an address Stripe Tax can locate (billing/tax-location.ts). */
  taxLocated: boolean;
  /** The total the tenant was shown: a retry after the address (so the tax) changed is another request. */
  quotedTotal?: number;
}): Promise<Stripe.Subscription> {
  const { tenantId, customerId, plan, attempt } = input;
  const promotionCodeId = input.promotionCodeId ?? null;
  return stripeCall(() =>
    getStripe().subscriptions.create(
      {
        customer: customerId,
        items: [{ price: plan.stripePriceId, quantity: input.quantity }],
        payment_behavior: "default_incomplete",
        payment_settings: { save_default_payment_method: "on_subscription" },
        expand: ["latest_invoice.confirmation_secret"],
        ...subscriptionTaxParams(input.taxLocated),
        ...(promotionCodeId && { discounts: [{ promotion_code: promotionCodeId }] }),
        // The code is also in metadata so a declined attempt is reused only for the same code.
        metadata: { tenantId, plan: plan.key, promotionCode: promotionCodeId ?? "" },
      },
      { idempotencyKey: `checkout:${tenantId}:${plan.stripePriceId}:${seatsKey(input.quantity)}${promotionCodeId ?? "none"}:${attempt}${subscriptionTaxKey(input.taxLocated)}${input.quotedTotal === undefined ? "" : `:${input.quotedTotal}`}` },
    ),
  );
}
