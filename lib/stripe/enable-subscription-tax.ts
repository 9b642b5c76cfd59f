import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * Turns Stripe Tax on for a subscription created before its customer had an address (Stripe refuses it until then):
 * its next invoices are taxed. Keyed by the billing-details save that located the customer.
 */
export function enableSubscriptionTax(subscriptionId: string, requestId: string): Promise<Stripe.Subscription> {
  return stripeCall(() =>
    getStripe().subscriptions.update(subscriptionId, { automatic_tax: { enabled: true } }, { idempotencyKey: `billing-details:${requestId}:tax:${subscriptionId}` }),
  );
}
