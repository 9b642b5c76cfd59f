-- CreateTable
CREATE TABLE "TenantBillingSummary" (
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sortName" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "stripeCustomerId" TEXT,
    "subscriptionId" TEXT,
    "planName" TEXT,
    "status" TEXT NOT NULL,
    "mrr" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "currentPeriodEnd" TIMESTAMP(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL,
    "nextRenewalAt" TIMESTAMP(3) NOT NULL,
    "lastPaymentAt" TIMESTAMP(3) NOT NULL,
    "failedAttempts" INTEGER NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TenantBillingSummary_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "TenantBillingSummary_sortName_tenantId_idx" ON "TenantBillingSummary"("sortName", "tenantId");

-- CreateIndex
CREATE INDEX "TenantBillingSummary_status_sortName_tenantId_idx" ON "TenantBillingSummary"("status", "sortName", "tenantId");

-- CreateIndex
CREATE INDEX "TenantBillingSummary_mrr_tenantId_idx" ON "TenantBillingSummary"("mrr", "tenantId");

-- CreateIndex
CREATE INDEX "TenantBillingSummary_nextRenewalAt_tenantId_idx" ON "TenantBillingSummary"("nextRenewalAt", "tenantId");

-- CreateIndex
CREATE INDEX "TenantBillingSummary_lastPaymentAt_tenantId_idx" ON "TenantBillingSummary"("lastPaymentAt", "tenantId");

-- CreateIndex
CREATE INDEX "TenantBillingSummary_failedAttempts_tenantId_idx" ON "TenantBillingSummary"("failedAttempts", "tenantId");

-- Written by hand from here: the summary is maintained by the database so every writer (webhooks, gap fill,
-- drift repair, a hand edit in psql) keeps it right. The triggers are deferred to commit time, when the
-- transaction already holds every row lock it will take, so they cannot join a lock cycle with another
-- webhook for the same tenant; an advisory lock then orders concurrent refreshes of one tenant and each
-- statement after it reads a fresh snapshot, so the last committer writes the complete state.

CREATE FUNCTION "tenant_billing_summary_refresh"(p_tenant TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_tenant IS NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(1952807522, hashtext(p_tenant));
  IF NOT EXISTS (SELECT 1 FROM "Tenant" WHERE "id" = p_tenant) THEN
    DELETE FROM "TenantBillingSummary" WHERE "tenantId" = p_tenant;
    RETURN;
  END IF;
  INSERT INTO "TenantBillingSummary" AS s (
    "tenantId", "name", "sortName", "slug", "stripeCustomerId", "subscriptionId", "planName", "status", "mrr",
    "currency", "currentPeriodEnd", "cancelAtPeriodEnd", "nextRenewalAt", "lastPaymentAt", "failedAttempts",
    "refreshedAt")
  SELECT * FROM "tenant_billing_summary_rows"() r WHERE r."tenantId" = p_tenant
  ON CONFLICT ("tenantId") DO UPDATE SET
    "name" = EXCLUDED."name", "sortName" = EXCLUDED."sortName", "slug" = EXCLUDED."slug",
    "stripeCustomerId" = EXCLUDED."stripeCustomerId", "subscriptionId" = EXCLUDED."subscriptionId",
    "planName" = EXCLUDED."planName", "status" = EXCLUDED."status", "mrr" = EXCLUDED."mrr",
    "currency" = EXCLUDED."currency", "currentPeriodEnd" = EXCLUDED."currentPeriodEnd",
    "cancelAtPeriodEnd" = EXCLUDED."cancelAtPeriodEnd", "nextRenewalAt" = EXCLUDED."nextRenewalAt",
    "lastPaymentAt" = EXCLUDED."lastPaymentAt", "failedAttempts" = EXCLUDED."failedAttempts",
    "refreshedAt" = EXCLUDED."refreshedAt";
END;
$$;

-- The summary of every tenant as a view-like set function; inlined by the planner, so filtering it by tenant
-- id uses the indexes. Also the bulk path: INSERT … SELECT * FROM tenant_billing_summary_rows().
CREATE FUNCTION "tenant_billing_summary_rows"() RETURNS TABLE (
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
    WHERE s."tenantId" = t."id"
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

CREATE FUNCTION "tenant_billing_summary_touch_child"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM "tenant_billing_summary_refresh"(OLD."tenantId");
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."tenantId" IS DISTINCT FROM OLD."tenantId") THEN
    PERFORM "tenant_billing_summary_refresh"(NEW."tenantId");
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "tenant_billing_summary_touch_tenant"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM "tenant_billing_summary_refresh"(OLD."id");
  ELSE
    PERFORM "tenant_billing_summary_refresh"(NEW."id");
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "Tenant_billing_summary" AFTER INSERT OR UPDATE OR DELETE ON "Tenant"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "tenant_billing_summary_touch_tenant"();

CREATE CONSTRAINT TRIGGER "Subscription_billing_summary" AFTER INSERT OR UPDATE OR DELETE ON "Subscription"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Invoice_billing_summary" AFTER INSERT OR UPDATE OR DELETE ON "Invoice"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Payment_billing_summary" AFTER INSERT OR UPDATE OR DELETE ON "Payment"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

-- A plan's price or name change reaches every tenant on it.
CREATE FUNCTION "tenant_billing_summary_touch_plan"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "tenant_billing_summary_refresh"(s."tenantId") FROM (
    SELECT DISTINCT "tenantId" FROM "Subscription" WHERE "planId" = NEW."id") s;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Plan_billing_summary" AFTER UPDATE OF "amount", "interval", "name", "currency" ON "Plan"
FOR EACH ROW EXECUTE FUNCTION "tenant_billing_summary_touch_plan"();

-- Tenants that exist before this migration.
INSERT INTO "TenantBillingSummary" SELECT * FROM "tenant_billing_summary_rows"();
