import "server-only";
import { getDb } from "@/lib/db/client";

// Why customers leave: Stripe's cancellation_details as the webhooks stored them on each subscription. Counted
// over the subscriptions whose cancellation was requested in a window (canceledAt: when it was asked, which
// Stripe clears again if the customer resumes), so a resumed subscription is not churn.

const DAY_MS = 24 * 60 * 60 * 1000;

export type ChurnReasons = {
  from: Date;
  to: Date;
  /** Cancellations the customer (or an admin for them) asked for, per feedback choice; null: none given. */
  byFeedback: { feedback: string | null; count: number }[];
  requested: number;
  /** Ended by Stripe for non-payment (reason payment_failed) or a dispute: churn nobody chose. */
  involuntary: number;
  /** The newest comments, with who left and on which plan. */
  comments: { tenantId: string; tenantName: string; planName: string | null; feedback: string | null; comment: string; canceledAt: Date }[];
};

export async function getChurnReasons(options: { from?: Date; to?: Date; comments?: number } = {}): Promise<ChurnReasons> {
  const to = options.to ?? new Date();
  const from = options.from ?? new Date(to.getTime() - 365 * DAY_MS);
  const db = getDb();
  const [groups, comments] = await Promise.all([
    db.$queryRaw<{ reason: string | null; feedback: string | null; count: number }[]>`
      SELECT "cancellationReason" AS "reason", "cancellationFeedback" AS "feedback", count(*)::int AS "count"
      FROM "Subscription"
      WHERE "canceledAt" >= ${from} AND "canceledAt" < ${to}
      GROUP BY 1, 2`,
    db.$queryRaw<ChurnReasons["comments"]>`
      SELECT s."tenantId", t."name" AS "tenantName", p."name" AS "planName", s."cancellationFeedback" AS "feedback",
             s."cancellationComment" AS "comment", s."canceledAt"
      FROM "Subscription" s
      JOIN "Tenant" t ON t."id" = s."tenantId"
      LEFT JOIN "Plan" p ON p."id" = s."planId"
      WHERE s."canceledAt" >= ${from} AND s."canceledAt" < ${to} AND s."cancellationComment" IS NOT NULL
      ORDER BY s."canceledAt" DESC, s."id" DESC
      LIMIT ${options.comments ?? 20}`,
  ]);
  const byFeedback = new Map<string | null, number>();
  let involuntary = 0;
  for (const g of groups) {
    // Stripe words the cause in `reason`; anything but a requested cancellation is churn nobody chose.
    if (g.reason !== null && g.reason !== "cancellation_requested") involuntary += g.count;
    else byFeedback.set(g.feedback, (byFeedback.get(g.feedback) ?? 0) + g.count);
  }
  const rows = [...byFeedback].map(([feedback, count]) => ({ feedback, count })).sort((a, b) => b.count - a.count);
  return { from, to, byFeedback: rows, requested: rows.reduce((sum, r) => sum + r.count, 0), involuntary, comments };
}
