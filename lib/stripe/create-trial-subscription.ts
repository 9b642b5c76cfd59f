import "server-only";
import type Stripe from "stripe";
import { subscriptionTaxKey, subscriptionTaxParams } from "./automatic-tax";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * A subscription that starts with a free trial. Nothing is charged now: the first invoice is $0 and Stripe hands
 * back a `pending_setup_intent` whose confirmation saves a card on the subscription (`save_default_payment_method`).
 * A trial that reaches its end without a card is canceled or paused as `missingPaymentMethod` says. Keyed by tenant,
 * price and the page's attempt id, so a double click starts one trial.
 */
export function createTrialSubscription(params: {
  tenantId: string;
  customer: string;
  price: string;
  trialDays: number;
  missingPaymentMethod: "cancel" | "pause";
  metadata: Record<string, string>;
  attemptId?: string;
  /** The customer has an address Stripe Tax can locate (billing/tax-location.ts). */
  taxLocated: boolean;
}): Promise<Stripe.Subscription> {
  const idempotencyKey = `trial:${params.tenantId}:${params.price}:${params.attemptId ?? "once"}${subscriptionTaxKey(params.taxLocated)}`;
  return stripeCall(() =>
    getStripe().subscriptions.create(
      {
        customer: params.customer,
        items: [{ price: params.price, quantity: 1 }],
        trial_period_days: params.trialDays,
        trial_settings: { end_behavior: { missing_payment_method: params.missingPaymentMethod } },
        payment_behavior: "default_incomplete",
        payment_settings: { save_default_payment_method: "on_subscription" },
        expand: ["pending_setup_intent"],
        metadata: params.metadata,
        ...subscriptionTaxParams(params.taxLocated),
      },
      { idempotencyKey },
    ),
  );
}
