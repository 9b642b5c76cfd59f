import "server-only";
import { accessFor, type AccessState } from "@/lib/billing/access";
import { getDb } from "@/lib/db/client";
import { fromBigint } from "@/lib/db/from-bigint";
import { getEnv } from "@/lib/env";
import { getWebhookRejections } from "@/lib/webhooks/rejection-counter";

// The admin overview: a handful of aggregate queries, each served by an index or a narrow table.

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export type MrrPoint = { day: string; mrr: number };

/**
 * Money events counted over all currencies, summed per currency (amounts in different currencies never add up):
 * `amount` is the overview's currency's sum, `byCurrency` every currency's, the overview's first.
 */
export type MoneyTally = { count: number; amount: number; byCurrency: { currency: string; count: number; amount: number }[] };

export type AdminOverview = {
  tenants: number;
  byAccess: Record<AccessState, number>;
  byStatus: { status: string; count: number }[];
  mrr: { current: number; currency: string; thirtyDaysAgo: number; change: number; series: MrrPoint[] };
  failedPayments7d: MoneyTally;
  refunds30d: MoneyTally;
  webhooks: {
    lastHour: number;
    perHour24h: number;
    failed24h: number;
    failedOpen: number;
    /** Parked events (every one ever, not only 24 h): tenant conflicts are an alert, unmatched await a link. */
    conflictOpen: number;
    unmatchedOpen: number;
    lastEventAt: Date | null;
    secondsSinceLastEvent: number | null;
    /** Deliveries refused before the ledger (bad signature, stale, malformed, too large), on this instance. */
    rejected: { total: number; since: Date; lastAt: Date | null };
  };
};

export async function getAdminOverview(now = new Date()): Promise<AdminOverview> {
  const db = getDb();
  const graceDays = getEnv().BILLING_GRACE_DAYS;
  const graceCutoff = new Date(now.getTime() - graceDays * DAY_MS);
  const [statusRows, mrrRows, failed, refunds, hooks] = await Promise.all([
    // Grace runs from where accessFor starts it: a past-due subscription's period start (Stripe moves the period
    // before it charges the renewal), so only those rows look their subscription up.
    db.$queryRaw<{ status: string; recent: boolean; count: number }[]>`
      SELECT s."status", coalesce(coalesce(sub."currentPeriodStart", s."currentPeriodEnd") > ${graceCutoff}, false) AS "recent",
             count(*)::int AS "count"
      FROM "TenantBillingSummary" s
      LEFT JOIN "Subscription" sub ON s."status" = 'past_due' AND sub."id" = s."subscriptionId"
      GROUP BY 1, 2`,
    // Sums in bigint: a million tenants' MRR passes 2^31 minor units (then Number, exact below 2^53).
    db.$queryRaw<{ currency: string; mrr: bigint }[]>`
      SELECT "currency", sum("mrr")::bigint AS "mrr" FROM "TenantBillingSummary" WHERE "mrr" > 0
      GROUP BY 1 ORDER BY 2 DESC`,
    db.$queryRaw<TallyRow[]>`
      SELECT lower("currency") AS "currency", count(*)::int AS "count", sum("amount")::bigint AS "amount" FROM "Payment"
      WHERE "status" = 'failed' AND "stripeCreatedAt" >= ${new Date(now.getTime() - 7 * DAY_MS)}
      GROUP BY 1 ORDER BY 3 DESC`,
    db.$queryRaw<TallyRow[]>`
      SELECT lower("currency") AS "currency", count(*)::int AS "count", sum("amount")::bigint AS "amount" FROM "Refund"
      WHERE "status" <> 'failed' AND "stripeCreatedAt" >= ${new Date(now.getTime() - 30 * DAY_MS)}
      GROUP BY 1 ORDER BY 3 DESC`,
    db.$queryRaw<{ lastHour: number; last24h: number; failed24h: number; failedOpen: number; conflictOpen: number; unmatchedOpen: number; lastEventAt: Date | null }[]>`
      SELECT count(*) FILTER (WHERE "receivedAt" >= ${new Date(now.getTime() - HOUR_MS)})::int AS "lastHour",
             count(*)::int AS "last24h",
             count(*) FILTER (WHERE "status" = 'failed')::int AS "failed24h",
             (SELECT count(*)::int FROM "WebhookEvent" WHERE "status" = 'failed') AS "failedOpen",
             (SELECT count(*)::int FROM "WebhookEvent" WHERE "status" = 'conflict') AS "conflictOpen",
             (SELECT count(*)::int FROM "WebhookEvent" WHERE "status" = 'unmatched') AS "unmatchedOpen",
             (SELECT max("receivedAt") FROM "WebhookEvent") AS "lastEventAt"
      FROM "WebhookEvent" WHERE "receivedAt" >= ${new Date(now.getTime() - DAY_MS)}`,
  ]);

  const byAccess: Record<AccessState, number> = { full: 0, grace: 0, restricted: 0, none: 0 };
  const statusCounts = new Map<string, number>();
  for (const row of statusRows) {
    // A representative due date on the right side of the grace cutoff: the rule itself stays in accessFor.
    const state = accessFor(row.status, {
      currentPeriodEnd: row.recent ? new Date(now.getTime() + DAY_MS) : null,
      graceDays,
      now,
    });
    byAccess[state] += row.count;
    statusCounts.set(row.status, (statusCounts.get(row.status) ?? 0) + row.count);
  }
  const byStatus = [...statusCounts].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count);

  const currency = mrrRows[0]?.currency ?? "usd";
  const current = fromBigint(mrrRows[0]?.mrr ?? 0n);
  const series = await getMrrSeries(currency, now, current);
  const thirtyDaysAgo = series[0]?.mrr ?? 0;
  const hook = hooks[0];
  const lastEventAt = hook?.lastEventAt ?? null;

  return {
    tenants: byStatus.reduce((sum, row) => sum + row.count, 0),
    byAccess,
    byStatus,
    mrr: { current, currency, thirtyDaysAgo, change: current - thirtyDaysAgo, series },
    failedPayments7d: tally(failed, currency),
    refunds30d: tally(refunds, currency),
    webhooks: {
      lastHour: hook?.lastHour ?? 0,
      perHour24h: Math.round(((hook?.last24h ?? 0) / 24) * 10) / 10,
      failed24h: hook?.failed24h ?? 0,
      failedOpen: hook?.failedOpen ?? 0,
      conflictOpen: hook?.conflictOpen ?? 0,
      unmatchedOpen: hook?.unmatchedOpen ?? 0,
      lastEventAt,
      secondsSinceLastEvent: lastEventAt ? Math.max(0, Math.round((now.getTime() - lastEventAt.getTime()) / 1000)) : null,
      rejected: (({ total, since, lastAt }) => ({ total, since, lastAt }))(getWebhookRejections()),
    },
  };
}

type TallyRow = { currency: string; count: number; amount: bigint };

function tally(rows: TallyRow[], currency: string): MoneyTally {
  const byCurrency = rows
    .map((row) => ({ currency: row.currency, count: row.count, amount: fromBigint(row.amount) }))
    .sort((a, b) => Number(b.currency === currency) - Number(a.currency === currency));
  return {
    count: byCurrency.reduce((sum, row) => sum + row.count, 0),
    amount: byCurrency.find((row) => row.currency === currency)?.amount ?? 0,
    byCurrency,
  };
}

/**
 * MRR per day over the last 30 days, rebuilt from subscription lifetimes: a subscription counts from the end of
 * its trial (or its creation) until it ended, at its plan's current price. Status history is not stored, so a
 * subscription that is past_due today counts for the whole window; today's point is the live figure.
 */
async function getMrrSeries(currency: string, now: Date, current: number): Promise<MrrPoint[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = new Date(today - 30 * DAY_MS);
  const rows = await getDb().$queryRaw<{ day: Date | null; delta: bigint }[]>`
    WITH subs AS (
      SELECT (CASE WHEN p."interval" = 'year' THEN round(p."amount" / 12.0) ELSE p."amount" END)::bigint * s."quantity" AS "m",
             greatest(s."createdAt", coalesce(s."trialEnd", s."createdAt")) AS "from",
             CASE WHEN s."status" IN ('active', 'past_due') THEN NULL
                  ELSE coalesce(s."endedAt", s."canceledAt", s."updatedAt") END AS "until"
      FROM "Subscription" s JOIN "Plan" p ON p."id" = s."planId"
      WHERE p."currency" = ${currency} AND s."status" NOT IN ('incomplete', 'incomplete_expired', 'trialing')
    )
    SELECT NULL::timestamptz AS "day", coalesce(sum("m"), 0)::bigint AS "delta" FROM subs
      WHERE "from" < ${start} AND ("until" IS NULL OR "until" >= ${start})
    UNION ALL
    SELECT date_trunc('day', "from", 'UTC'), sum("m")::bigint FROM subs WHERE "from" >= ${start} GROUP BY 1
    UNION ALL
    SELECT date_trunc('day', "until", 'UTC'), -sum("m")::bigint FROM subs WHERE "until" >= ${start} AND "from" < "until" GROUP BY 1`;

  const deltas = new Map<number, number>();
  let base = 0;
  for (const row of rows) {
    if (row.day === null) base += Number(row.delta);
    else deltas.set(row.day.getTime(), (deltas.get(row.day.getTime()) ?? 0) + Number(row.delta));
  }
  const series: MrrPoint[] = [];
  let running = base;
  for (let i = 0; i <= 30; i += 1) {
    const day = start.getTime() + i * DAY_MS;
    running += deltas.get(day) ?? 0;
    series.push({ day: new Date(day).toISOString().slice(0, 10), mrr: i === 30 ? current : running });
  }
  return series;
}
