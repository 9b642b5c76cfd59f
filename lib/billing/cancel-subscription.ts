import "server-only";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { requireHeldSubscription } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";
import type { BillingTenant } from "./ensure-stripe-customer";

export type CancelMode = "period_end" | "now";

/**
 * period_end: the tenant keeps access until the paid period ends, then Stripe cancels (resumable until then).
 * now: access ends at once, with no refund for the unused time and no final invoice.
 * `requestId` comes from the form the user submitted, so a double submit is one request to Stripe.
 */
export async function cancelSubscription(
  tenant: BillingTenant,
  input: { mode: CancelMode; requestId: string },
): Promise<{ subscriptionId: string; mode: CancelMode }> {
  const { sub } = await requireHeldSubscription(tenant.id);
  const stripe = getStripe();
  if (input.mode === "period_end") {
    if (sub.cancel_at_period_end) return { subscriptionId: sub.id, mode: input.mode };
    await stripeCall(() =>
      stripe.subscriptions.update(
        sub.id,
        { cancel_at_period_end: true },
        { idempotencyKey: `cancel:${tenant.id}:${sub.id}:period_end:${input.requestId}` },
      ),
    );
  } else {
    // DELETE carries no idempotency key; a repeat finds no held subscription and is refused above.
    await stripeCall(() => stripe.subscriptions.cancel(sub.id, { invoice_now: false, prorate: false }));
  }
  return { subscriptionId: sub.id, mode: input.mode };
}

/** Takes back a cancel-at-period-end while the period is still running. */
export async function resumeSubscription(
  tenant: BillingTenant,
  input: { requestId: string; now?: Date },
): Promise<{ subscriptionId: string }> {
  const { sub } = await requireHeldSubscription(tenant.id);
  if (!sub.cancel_at_period_end && !sub.cancel_at) throw new AppError("conflict", "Your subscription is not set to cancel.");
  const periodEnd = sub.items.data[0]?.current_period_end;
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (periodEnd !== undefined && periodEnd <= now) {
    throw new AppError("conflict", "The billing period has already ended; pick a plan to subscribe again.");
  }
  await stripeCall(() =>
    getStripe().subscriptions.update(
      sub.id,
      { cancel_at_period_end: false },
      { idempotencyKey: `resume:${tenant.id}:${sub.id}:${input.requestId}` },
    ),
  );
  return { subscriptionId: sub.id };
}
