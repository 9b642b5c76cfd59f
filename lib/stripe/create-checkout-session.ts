import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * A hosted Checkout Session for one plan. Keyed by tenant, price and time window (`window`): within it, the same
 * tenant asking for the same plan gets the same page back.
 */
export function createCheckoutSession(input: {
  tenantId: string;
  customerId: string;
  plan: { key: string; stripePriceId: string };
  successUrl: string;
  cancelUrl: string;
  window: number;
}): Promise<Stripe.Checkout.Session> {
  const { tenantId, customerId, plan } = input;
  const metadata = { tenantId, plan: plan.key };
  return stripeCall(() =>
    getStripe().checkout.sessions.create(
      {
        mode: "subscription",
        customer: customerId,
        client_reference_id: tenantId,
        line_items: [{ price: plan.stripePriceId, quantity: 1 }],
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        metadata,
        subscription_data: { metadata },
      },
      { idempotencyKey: `hosted-checkout:${tenantId}:${plan.stripePriceId}:${input.window}` },
    ),
  );
}
