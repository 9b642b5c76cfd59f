import "server-only";
import type Stripe from "stripe";
import { automaticTaxParams } from "./automatic-tax";
import { getStripe } from "./client";
import { seatsKey } from "./create-checkout-session";
import { stripeCall } from "./stripe-errors";

/**
 * An incomplete subscription whose first invoice the PaymentElement confirms (the deferred-intent flow). Keyed by
 * tenant, price and checkout attempt: within one attempt a double click gets the same subscription back.
 */
export function createIncompleteSubscription(input: {
  tenantId: string;
  customerId: string;
  plan: { key: string; stripePriceId: string };
  /** Paid seats (1 for a plan not priced per seat). */
  quantity: number;
  attempt: string;
}): Promise<Stripe.Subscription> {
  const { tenantId, customerId, plan, attempt } = input;
  return stripeCall(() =>
    getStripe().subscriptions.create(
      {
        customer: customerId,
        items: [{ price: plan.stripePriceId, quantity: input.quantity }],
        payment_behavior: "default_incomplete",
        payment_settings: { save_default_payment_method: "on_subscription" },
        expand: ["latest_invoice.confirmation_secret"],
        metadata: { tenantId, plan: plan.key },
        ...automaticTaxParams(),
      },
      { idempotencyKey: `checkout:${tenantId}:${plan.stripePriceId}:${seatsKey(input.quantity)}${attempt}` },
    ),
  );
}
