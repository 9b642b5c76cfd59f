import "server-only";
import { getDb } from "@/lib/db/client";

// The admin revenue picture, read from the MRR history the database keeps (PlanMrr, MrrMonth: migration
// pricing_mrr_history) plus one indexed count for trials, so it costs the same at 50 or 1,000,000 tenants.
// MRR is net of recurring discounts (migration mrr_net_of_recurring_discounts): a repeating discount whose end
// has come and that no write has moved into the history yet (MrrDiscountEnd) is added here, at its own month.

/** Trial conversion counts trials that ended this month and the two before. */
export const TRIAL_WINDOW_MONTHS = 3;

export type RevenueMonth = {
  /** First day of the month, YYYY-MM-01 (UTC). */
  month: string;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  /** new + expansion − contraction − churn. */
  net: number;
  /** MRR at the end of the month (today for the current one). */
  mrr: number;
};

export type Revenue = {
  /** The currency with the most MRR; every figure below is in it (other currencies are listed apart). */
  currency: string;
  mrr: number;
  arr: number;
  payingSubscriptions: number;
  otherCurrencies: { currency: string; mrr: number }[];
  months: RevenueMonth[];
  byPlan: { planId: string; planName: string; interval: string; mrr: number; subscriptions: number }[];
  /** Trials that ended in the last TRIAL_WINDOW_MONTHS months, those that went on to pay, and tenants in trial now. */
  trials: { trialingNow: number; ended: number; converted: number };
};

function monthKey(date: Date): string {
  return date.toISOString().slice(0, 8) + "01";
}

/** `currency`: the one to report in; by default the one with the most MRR. */
export async function getRevenue(options: { now?: Date; months?: number; currency?: string } = {}): Promise<Revenue> {
  const now = options.now ?? new Date();
  const count = options.months ?? 12;
  const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1), 1));
  const trialsFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (TRIAL_WINDOW_MONTHS - 1), 1));
  const db = getDb();
  const [plans, moves, trials, trialing, ended] = await Promise.all([
    db.$queryRaw<{ planId: string; planName: string | null; interval: string | null; currency: string; mrr: bigint; subscriptions: number }[]>`
      SELECT pm."planId", p."name" AS "planName", p."interval"::text AS "interval", pm."currency",
             sum(pm."mrr")::bigint AS "mrr", sum(pm."subscriptions")::int AS "subscriptions"
      FROM "PlanMrr" pm LEFT JOIN "Plan" p ON p."id" = pm."planId"
      GROUP BY 1, 2, 3, 4
      HAVING sum(pm."mrr") <> 0 OR sum(pm."subscriptions") <> 0`,
    db.$queryRaw<{ month: Date; currency: string; kind: string; amount: bigint }[]>`
      SELECT "month", "currency", "kind", sum("amount")::bigint AS "amount"
      FROM "MrrMonth" WHERE "month" >= ${firstMonth}::date
      GROUP BY 1, 2, 3`,
    // Trial outcomes are counted by the same trigger when a subscription leaves "trialing" (MrrMonth kinds
    // trial_converted / trial_ended); those in trial now are the tenant counts' "trialing".
    db.$queryRaw<{ currency: string; kind: string; movements: number }[]>`
      SELECT "currency", "kind", sum("movements")::int AS "movements" FROM "MrrMonth"
      WHERE "month" >= ${trialsFrom}::date AND "kind" IN ('trial_converted', 'trial_ended')
      GROUP BY 1, 2`,
    db.$queryRaw<{ trialing: number }[]>`
      SELECT coalesce(sum("count"), 0)::int AS "trialing" FROM "TenantStatusCount" WHERE "status" = 'trialing'`,
    // Few rows: the settle-ended-discounts job moves them into the tables above every five minutes.
    db.$queryRaw<{ planId: string; currency: string; month: Date; delta: bigint }[]>`
      SELECT "planId", "currency", date_trunc('month', "endsAt" AT TIME ZONE 'UTC')::date AS "month",
             sum("toMrr" - "fromMrr")::bigint AS "delta"
      FROM "MrrDiscountEnd" WHERE "endsAt" <= ${now}
      GROUP BY 1, 2, 3`,
  ]);
  for (const step of ended) {
    const plan = plans.find((p) => p.planId === step.planId && p.currency === step.currency);
    if (plan) plan.mrr += step.delta;
    moves.push({ month: step.month, currency: step.currency, kind: step.delta > 0n ? "expansion" : "contraction", amount: step.delta > 0n ? step.delta : -step.delta });
  }

  const perCurrency = new Map<string, number>();
  for (const p of plans) perCurrency.set(p.currency, (perCurrency.get(p.currency) ?? 0) + Number(p.mrr));
  const ranked = [...perCurrency].sort((a, b) => b[1] - a[1]);
  const currency = options.currency ?? ranked[0]?.[0] ?? "usd";
  const mrr = perCurrency.get(currency) ?? 0;
  const inCurrency = plans.filter((p) => p.currency === currency && Number(p.mrr) > 0);

  const byMonth = new Map<string, RevenueMonth>();
  for (let i = 0; i < count; i += 1) {
    const month = monthKey(new Date(Date.UTC(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + i, 1)));
    byMonth.set(month, { month, new: 0, expansion: 0, contraction: 0, churn: 0, net: 0, mrr: 0 });
  }
  for (const row of moves) {
    const entry = byMonth.get(monthKey(row.month));
    if (!entry || row.currency !== currency) continue;
    if (row.kind === "new" || row.kind === "expansion" || row.kind === "contraction" || row.kind === "churn") entry[row.kind] += Number(row.amount);
  }
  const months = [...byMonth.values()];
  const trialsOf = (kind: string) => trials.find((t) => t.currency === currency && t.kind === kind)?.movements ?? 0;
  // Walk back from today's MRR: a month ended at the MRR that the later months' net changes led to today's.
  let running = mrr;
  for (let i = months.length - 1; i >= 0; i -= 1) {
    const m = months[i] as RevenueMonth;
    m.net = m.new + m.expansion - m.contraction - m.churn;
    m.mrr = running;
    running -= m.net;
  }

  return {
    currency,
    mrr,
    arr: mrr * 12,
    payingSubscriptions: inCurrency.reduce((sum, p) => sum + p.subscriptions, 0),
    otherCurrencies: ranked.filter(([c]) => c !== currency).map(([c, m]) => ({ currency: c, mrr: m })),
    months,
    byPlan: inCurrency
      .map((p) => ({ planId: p.planId, planName: p.planName ?? p.planId, interval: p.interval ?? "month", mrr: Number(p.mrr), subscriptions: p.subscriptions }))
      .sort((a, b) => b.mrr - a.mrr || a.planName.localeCompare(b.planName) || a.interval.localeCompare(b.interval)),
    trials: {
      trialingNow: trialing[0]?.trialing ?? 0,
      converted: trialsOf("trial_converted"),
      ended: trialsOf("trial_converted") + trialsOf("trial_ended"),
    },
  };
}
