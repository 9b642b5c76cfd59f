import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * Resumes a paused subscription (a trial that ended without a card) with a new period from now. Stripe creates a
 * resumption invoice and, with `resume_on_payment_success`, charges the default card in this request; the
 * subscription turns active only once that invoice is paid, and stays paused if the charge is declined (docs:
 * billing/subscriptions/pause, "Resume subscriptions"). Keyed by the form's request (and the card it pays with): a double submit is one resume.
 */
export function resumePausedSubscription(input: { tenantId: string; subscriptionId: string; requestKey: string }): Promise<Stripe.Subscription> {
  const { tenantId, subscriptionId, requestKey } = input;
  return stripeCall(() =>
    getStripe().subscriptions.resume(
      subscriptionId,
      { billing_cycle_anchor: { type: "now" }, payment_behavior: "resume_on_payment_success", expand: ["latest_invoice"] },
      { idempotencyKey: `resume-paused:${tenantId}:${subscriptionId}:${requestKey}` },
    ),
  );
}
