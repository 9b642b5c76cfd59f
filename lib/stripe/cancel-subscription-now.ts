import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { isInvalidRequest, stripeCall } from "./stripe-errors";

/**
 * Ends a subscription at once, with no proration credit and no final invoice.
 * `details`: the customer's reason (Stripe's `cancellation_details`), for the tenant's own cancel.
 * - `tenant`: the tenant's own cancel-now. DELETE carries no idempotency key (Stripe: DELETE is idempotent);
 *   failures are mapped for the tenant.
 * - `close-attempt` / `duplicate-cancel`: the app closing an unpaid attempt or a duplicate live subscription,
 *   keyed by the subscription. Already cancelled or expired (Stripe's 400/404) counts as done: returns false.
 */
export async function cancelSubscriptionNow(
  subscriptionId: string,
  why: "tenant" | "close-attempt" | "duplicate-cancel",
  details?: Stripe.SubscriptionCancelParams.CancellationDetails,
): Promise<boolean> {
  const params: Stripe.SubscriptionCancelParams = { invoice_now: false, prorate: false, cancellation_details: details };
  if (why === "tenant") {
    await stripeCall(() => getStripe().subscriptions.cancel(subscriptionId, params));
    return true;
  }
  try {
    await getStripe().subscriptions.cancel(subscriptionId, params, { idempotencyKey: `${why}:${subscriptionId}` });
    return true;
  } catch (error) {
    if (isInvalidRequest(error)) return false;
    throw error;
  }
}
