-- The one rule for "the tenant's current subscription" (lib/billing/current-subscription.ts), in the admin
-- summary too: a live subscription, else the newest ended one, never an unpaid attempt. Same function as in
-- migration tenant_billing_summary but for the WHERE clause; then every tenant's row is recomputed.

CREATE OR REPLACE FUNCTION "tenant_billing_summary_rows"() RETURNS TABLE (
  "tenantId" TEXT, "name" TEXT, "sortName" TEXT, "slug" TEXT, "stripeCustomerId" TEXT, "subscriptionId" TEXT,
  "planName" TEXT, "status" TEXT, "mrr" INTEGER, "currency" TEXT, "currentPeriodEnd" TIMESTAMP(3),
  "cancelAtPeriodEnd" BOOLEAN, "nextRenewalAt" TIMESTAMP(3), "lastPaymentAt" TIMESTAMP(3),
  "failedAttempts" INTEGER, "refreshedAt" TIMESTAMP(3))
LANGUAGE sql STABLE AS $$
  SELECT
    t."id", t."name", lower(t."name"), t."slug", t."stripeCustomerId", cur."id", cur."planName",
    coalesce(cur."status", 'none'),
    CASE WHEN cur."status" IN ('active', 'past_due') AND cur."amount" IS NOT NULL THEN
      (CASE WHEN cur."interval" = 'year' THEN round(cur."amount" / 12.0)::int ELSE cur."amount" END) * cur."quantity"
    ELSE 0 END,
    coalesce(cur."currency", 'usd'),
    cur."currentPeriodEnd",
    coalesce(cur."cancelAtPeriodEnd", false),
    CASE WHEN cur."status" IN ('active', 'trialing', 'past_due') AND NOT cur."cancelAtPeriodEnd"
      AND cur."currentPeriodEnd" IS NOT NULL THEN cur."currentPeriodEnd"
    ELSE TIMESTAMP '9999-12-31 00:00:00' END,
    coalesce(pay."at", TIMESTAMP '1970-01-01 00:00:00'),
    coalesce(inv."attempts", 0)::int,
    (now() AT TIME ZONE 'UTC')::timestamp(3)
  FROM "Tenant" t
  LEFT JOIN LATERAL (
    SELECT s."id", s."status"::text AS "status", s."quantity", s."currentPeriodEnd", s."cancelAtPeriodEnd",
      p."name" AS "planName", p."amount", p."interval"::text AS "interval", p."currency"
    FROM "Subscription" s
    LEFT JOIN "Plan" p ON p."id" = s."planId"
    -- An unpaid attempt (incomplete, incomplete_expired) is never the tenant's plan, status or MRR.
    WHERE s."tenantId" = t."id" AND s."status" NOT IN ('incomplete', 'incomplete_expired')
    -- A live subscription beats an ended one; among equals the newest wins.
    ORDER BY (s."status" IN ('active', 'trialing', 'past_due', 'unpaid', 'paused')) DESC, s."createdAt" DESC, s."id" DESC
    LIMIT 1
  ) cur ON true
  LEFT JOIN LATERAL (
    SELECT max(py."stripeCreatedAt") AS "at" FROM "Payment" py
    WHERE py."tenantId" = t."id" AND py."status" = 'succeeded'
  ) pay ON true
  LEFT JOIN LATERAL (
    SELECT sum(i."attemptCount") AS "attempts" FROM "Invoice" i
    WHERE i."tenantId" = t."id" AND i."status" = 'open'
  ) inv ON true
$$;

SELECT "tenant_billing_summary_refresh"("id") FROM "Tenant";
