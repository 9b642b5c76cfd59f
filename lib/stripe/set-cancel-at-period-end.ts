import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * Schedules (`cancel: true`) or takes back (`false`) the end of a subscription at its period's end. Keyed by the
 * form's request id, so a double submit is one request. `details`: the customer's reason when cancelling.
 */
export function setCancelAtPeriodEnd(input: {
  tenantId: string;
  subscriptionId: string;
  cancel: boolean;
  requestId: string;
  details?: Stripe.SubscriptionUpdateParams.CancellationDetails;
}): Promise<Stripe.Subscription> {
  const { tenantId, subscriptionId, cancel, requestId, details } = input;
  const idempotencyKey = cancel
    ? `cancel:${tenantId}:${subscriptionId}:period_end:${requestId}`
    : `resume:${tenantId}:${subscriptionId}:${requestId}`;
  return stripeCall(() => getStripe().subscriptions.update(subscriptionId, { cancel_at_period_end: cancel, cancellation_details: cancel ? details : undefined }, { idempotencyKey }));
}
