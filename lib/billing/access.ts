export type AccessState = "full" | "grace" | "restricted" | "none";

export type AccessInput = {
  currentPeriodEnd: Date | null;
  /** Days after the period end during which a failed renewal keeps features (BILLING_GRACE_DAYS). */
  graceDays: number;
  now?: Date;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a tenant may do, from its subscription status. Pages and guards use this and nothing else.
 * - full: trialing, active.
 * - grace: past_due within `graceDays` of the period end — the card failed, Stripe is retrying, keep working.
 * - restricted: past_due beyond grace, unpaid, paused, incomplete — read-only, billing pages reachable to fix it.
 * - none: canceled, incomplete_expired, no subscription, and any status we do not know (fail closed).
 */
export function accessFor(status: string | null | undefined, input: AccessInput): AccessState {
  switch (status) {
    case "trialing":
    case "active":
      return "full";
    case "past_due": {
      if (!input.currentPeriodEnd) return "restricted";
      const now = input.now ?? new Date();
      const graceEnds = input.currentPeriodEnd.getTime() + input.graceDays * DAY_MS;
      return now.getTime() < graceEnds ? "grace" : "restricted";
    }
    case "unpaid":
    case "paused":
    case "incomplete":
      return "restricted";
    case "canceled":
    case "incomplete_expired":
      return "none";
    default:
      return "none";
  }
}
