import "server-only";
import { cancelSubscriptionNow } from "@/lib/stripe/cancel-subscription-now";
import { setCancelAtPeriodEnd } from "@/lib/stripe/set-cancel-at-period-end";
import { AppError } from "@/lib/errors";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import type { CancellationFeedback } from "@/lib/format/cancellation-feedback";
import { getStripeCustomerId, heldSubscription, requireHeldSubscription } from "./customer-subscriptions";
import type { BillingTenant } from "./ensure-stripe-customer";

export type CancelMode = "period_end" | "now";

/** What the customer told us about leaving, sent to Stripe as `cancellation_details` (both optional). */
export type CancellationDetails = { feedback: CancellationFeedback | null; comment: string | null };

/** Stripe's shape: an empty string leaves a field unset. */
function stripeDetails(details: CancellationDetails | undefined) {
  return details ? { feedback: details.feedback ?? "", comment: details.comment ?? "" } : undefined;
}

const REPEAT_WINDOW_SECONDS = 60 * 60;

/**
 * period_end: the tenant keeps access until the paid period ends, then Stripe cancels (resumable until then).
 * now: access ends at once, with no refund for the unused time and no final invoice.
 * `requestId` comes from the form the user submitted, so a double submit is one request to Stripe.
 * `details`: the customer's reason, stored on the subscription by Stripe (and by us from its webhook).
 */
export async function cancelSubscription(
  tenant: BillingTenant,
  input: { mode: CancelMode; requestId: string; details?: CancellationDetails },
): Promise<{ subscriptionId: string; mode: CancelMode }> {
  const customerId = await getStripeCustomerId(tenant.id);
  const subs = customerId ? await listCustomerSubscriptions(customerId) : [];
  const sub = heldSubscription(subs);
  if (!sub) {
    // A repeat of a cancel-now whose answer was lost (network cut) finds it done: report that, not an error.
    const ended = subs.find((s) => s.status === "canceled");
    if (input.mode === "now" && ended?.ended_at && Date.now() / 1000 - ended.ended_at < REPEAT_WINDOW_SECONDS) {
      return { subscriptionId: ended.id, mode: input.mode };
    }
    throw new AppError("conflict", "You have no active subscription.");
  }
  if (input.mode === "period_end") {
    if (sub.cancel_at_period_end) return { subscriptionId: sub.id, mode: input.mode };
    await setCancelAtPeriodEnd({ tenantId: tenant.id, subscriptionId: sub.id, cancel: true, requestId: input.requestId, details: stripeDetails(input.details) });
  } else {
    // A repeat of a cancel-now finds the subscription canceled above.
    await cancelSubscriptionNow(sub.id, "tenant", stripeDetails(input.details));
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
  await setCancelAtPeriodEnd({ tenantId: tenant.id, subscriptionId: sub.id, cancel: false, requestId: input.requestId });
  return { subscriptionId: sub.id };
}
