export type AccessState = "full" | "grace" | "restricted" | "none";

export type AccessInput = {
  currentPeriodEnd: Date | null;
  /**
   * Stripe moves the period forward before it charges the renewal, so a past_due subscription's unpaid invoice
   * fell due at the current period's start. When given, grace counts from here; otherwise from the period end.
   */
  currentPeriodStart?: Date | null;
  /** Days after the period end during which a failed renewal keeps features (BILLING_GRACE_DAYS). */
  graceDays: number;
  now?: Date;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a tenant may do, from its subscription status. Pages and guards use this and nothing else.
 * - full: trialing, active.
 * - grace: past_due within `graceDays` of the period end — the card failed, Stripe is retrying, keep working.
 * - restricted: past_due beyond grace, unpaid, paused — read-only, billing pages reachable to fix it.
 * - none: canceled, no subscription, an unpaid attempt (incomplete, incomplete_expired: never the tenant's plan,
 *   see current-subscription.ts), and any status we do not know (fail closed).
 */
export function accessFor(status: string | null | undefined, input: AccessInput): AccessState {
  switch (status) {
    case "trialing":
    case "active":
      return "full";
    case "past_due": {
      const dueAt = input.currentPeriodStart ?? input.currentPeriodEnd;
      if (!dueAt) return "restricted";
      const now = input.now ?? new Date();
      const graceEnds = dueAt.getTime() + input.graceDays * DAY_MS;
      return now.getTime() < graceEnds ? "grace" : "restricted";
    }
    case "unpaid":
    case "paused":
      return "restricted";
    case "canceled":
    case "incomplete":
    case "incomplete_expired":
      return "none";
    default:
      return "none";
  }
}

/** The same, for a stored subscription row (or none), with grace days from configuration. */
export function accessForSubscription(
  subscription: { status: string; currentPeriodStart: Date | null; currentPeriodEnd: Date | null } | null,
  graceDays: number,
  now: Date = new Date(),
): AccessState {
  if (!subscription) return "none";
  return accessFor(subscription.status, {
    currentPeriodStart: subscription.currentPeriodStart,
    currentPeriodEnd: subscription.currentPeriodEnd,
    graceDays,
    now,
  });
}
