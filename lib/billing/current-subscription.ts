// The one rule for "the tenant's current subscription", used by the dashboard, access, admin and MRR:
// a live one (newest first), else the newest that ended (canceled), else none. An incomplete or
// incomplete_expired subscription is an unpaid attempt, never a plan: it is not shown, not granted access,
// not counted. The admin summary table applies the same rule in SQL (migration
// money-journeys_current_subscription_rule, function tenant_billing_summary_rows).

// The one list of statuses in which a tenant holds a subscription ("live"): a new checkout must not duplicate
// it, access and the admin count it. SQL cannot import it: the migrations spell it out again.
export const LIVE_STATUSES = ["active", "trialing", "past_due", "unpaid", "paused"] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];
export const UNPAID_ATTEMPT_STATUSES = ["incomplete", "incomplete_expired"] as const;

export function isLiveStatus(status: string): status is LiveStatus {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}

/** Live, but the last payment failed: Stripe is retrying (past_due) or has given up and keeps it open (unpaid). */
export function isPaymentFailedStatus(status: string): boolean {
  return status === "past_due" || status === "unpaid";
}

/** Counts as the tenant's plan (live or ended); an unpaid attempt does not. */
function countsAsPlan(status: string): boolean {
  return !(UNPAID_ATTEMPT_STATUSES as readonly string[]).includes(status);
}

/** Picks the current subscription from a tenant's rows: live beats ended, newest first; unpaid attempts never. */
export function pickCurrentSubscription<T extends { status: string; createdAt: Date }>(rows: readonly T[]): T | null {
  const candidates = rows.filter((r) => countsAsPlan(r.status));
  const newest = (a: T, b: T) => b.createdAt.getTime() - a.createdAt.getTime();
  return candidates.filter((r) => isLiveStatus(r.status)).sort(newest)[0] ?? candidates.sort(newest)[0] ?? null;
}
