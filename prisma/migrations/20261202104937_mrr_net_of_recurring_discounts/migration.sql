-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "recurringDiscounts" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "MrrDiscountEnd" (
    "subscriptionId" TEXT NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "tenantId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "fromMrr" BIGINT NOT NULL,
    "toMrr" BIGINT NOT NULL,

    CONSTRAINT "MrrDiscountEnd_pkey" PRIMARY KEY ("subscriptionId","endsAt")
);

-- CreateIndex
CREATE INDEX "MrrDiscountEnd_endsAt_idx" ON "MrrDiscountEnd"("endsAt");

-- Written by hand from here. MRR net of recurring discounts, as Stripe's dashboards count it: a `forever` coupon
-- lowers MRR for as long as it applies, a `repeating` one until its discount's `end`, a `once` one never (the
-- record module keeps only the first two on the row). Percent off and amount off (in the plan's currency) apply
-- to the period's amount in Stripe's order, as on the invoice; tax is never in MRR; a yearly period counts a
-- twelfth, taken after the discounts (an amount off a yearly invoice is a twelfth of it per month).

-- One period's amount (price × quantity, minor units) less the recurring discounts running at `p_at`.
CREATE FUNCTION "net_period_amount"(p_amount BIGINT, p_currency TEXT, p_discounts JSONB, p_at TIMESTAMPTZ)
RETURNS BIGINT LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  v BIGINT := p_amount;
  d JSONB;
BEGIN
  IF p_discounts IS NULL OR p_discounts = '[]'::jsonb THEN
    RETURN v;
  END IF;
  FOR d IN SELECT x.value FROM jsonb_array_elements(p_discounts) x LOOP
    CONTINUE WHEN jsonb_typeof(d->'end') = 'number' AND to_timestamp((d->>'end')::bigint) <= p_at;
    IF jsonb_typeof(d->'percentOff') = 'number' THEN
      v := v - round(v * (d->>'percentOff')::numeric / 100)::bigint;
    ELSIF jsonb_typeof(d->'amountOff') = 'number' AND d->>'currency' = p_currency THEN
      v := greatest(0, v - (d->>'amountOff')::bigint);
    END IF;
  END LOOP;
  RETURN v;
END;
$$;

-- A period's amount as a month's: a yearly one as a twelfth.
CREATE FUNCTION "monthly_mrr"(p_period_amount BIGINT, p_interval TEXT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_interval = 'year' THEN round(p_period_amount / 12.0)::bigint ELSE p_period_amount END
$$;

-- The MRR rule, once for SQL, now at an instant (a repeating discount ends): active and past_due subscriptions
-- (never trials, never unpaid or canceled), the period's net amount, a yearly one as a twelfth.
CREATE FUNCTION "subscription_mrr"(p_status TEXT, p_plan TEXT, p_quantity INTEGER, p_discounts JSONB, p_at TIMESTAMPTZ)
RETURNS TABLE ("mrr" BIGINT, "currency" TEXT)
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_status IN ('active', 'past_due') THEN
      "monthly_mrr"("net_period_amount"(p."amount"::bigint * p_quantity, p."currency", p_discounts, p_at), p."interval"::text)
    ELSE 0 END,
    p."currency"
  FROM "Plan" p WHERE p."id" = p_plan
$$;

-- Not deferred: the history belongs to the statement that changed the row, in its transaction. Rows are locked
-- in one order (month rows, oldest first, before plan rows, plans by id) so two webhooks cannot deadlock on them.
-- A repeating discount's end is a step the trigger records ahead (MrrDiscountEnd) while the row pays; reads count
-- the steps whose time has come, and the row's next write moves them into the history at their own time (an
-- expansion in the month the discount ended) before the write's own movement.
CREATE OR REPLACE FUNCTION "subscription_mrr_history"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_mrr BIGINT := 0; o_cur TEXT; o_plan TEXT;
  n_mrr BIGINT := 0; n_cur TEXT; n_plan TEXT;
  -- What PlanMrr counts for the old row: its MRR when it was written, before the steps that have come since.
  o_counted BIGINT;
  v_tenant TEXT; v_sub TEXT; v_shard INTEGER;
  r RECORD;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT m."mrr", m."currency" INTO o_mrr, o_cur
    FROM "subscription_mrr"(OLD."status"::text, OLD."planId", OLD."quantity", OLD."recurringDiscounts", now()) m;
    o_plan := OLD."planId"; v_tenant := OLD."tenantId"; v_sub := OLD."id";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT m."mrr", m."currency" INTO n_mrr, n_cur
    FROM "subscription_mrr"(NEW."status"::text, NEW."planId", NEW."quantity", NEW."recurringDiscounts", now()) m;
    n_plan := NEW."planId"; v_tenant := NEW."tenantId"; v_sub := NEW."id";
  END IF;
  o_mrr := coalesce(o_mrr, 0);
  n_mrr := coalesce(n_mrr, 0);
  o_counted := o_mrr;
  v_shard := "mrr_shard"(v_tenant);
  -- The old row's discount ends: those that came are history now, the others are recorded afresh below.
  IF TG_OP <> 'INSERT' THEN
    FOR r IN WITH gone AS (DELETE FROM "MrrDiscountEnd" WHERE "subscriptionId" = OLD."id" RETURNING *)
             SELECT * FROM gone WHERE "endsAt" <= now() ORDER BY "endsAt" LOOP
      PERFORM "mrr_move"(r."tenantId", r."subscriptionId", r."planId", r."currency", r."fromMrr", r."toMrr", r."endsAt");
      o_counted := o_counted - (r."toMrr" - r."fromMrr");
    END LOOP;
  END IF;
  IF TG_OP <> 'DELETE' AND n_mrr > 0 THEN
    INSERT INTO "MrrDiscountEnd" ("subscriptionId", "endsAt", "tenantId", "planId", "currency", "fromMrr", "toMrr")
    SELECT NEW."id", e."at", NEW."tenantId", NEW."planId", n_cur, before."mrr", after."mrr"
    FROM (SELECT DISTINCT to_timestamp((x.value->>'end')::bigint)::timestamptz(3) AS "at"
          FROM jsonb_array_elements(NEW."recurringDiscounts") x
          WHERE jsonb_typeof(x.value->'end') = 'number') e
    CROSS JOIN LATERAL "subscription_mrr"(NEW."status"::text, NEW."planId", NEW."quantity", NEW."recurringDiscounts", e."at" - interval '1 millisecond') before
    CROSS JOIN LATERAL "subscription_mrr"(NEW."status"::text, NEW."planId", NEW."quantity", NEW."recurringDiscounts", e."at") after
    WHERE e."at" > now() AND after."mrr" <> before."mrr";
  END IF;
  -- A trial's end, counted once when the row leaves "trialing" (after the movement it may bring: kinds in order).
  IF TG_OP = 'UPDATE' AND OLD."status" = 'trialing' AND NEW."status" <> 'trialing' AND o_mrr = 0 AND n_mrr = 0 AND o_cur IS NOT NULL THEN
    PERFORM "mrr_month_add"(now(), o_cur, 'trial_ended', v_tenant, 0);
  END IF;
  IF o_counted = n_mrr AND o_mrr = n_mrr AND (o_mrr = 0 OR (o_plan IS NOT DISTINCT FROM n_plan AND o_cur IS NOT DISTINCT FROM n_cur)) THEN
    RETURN NULL;
  END IF;
  IF o_mrr > 0 AND n_mrr > 0 AND o_cur <> n_cur THEN
    -- A move to another currency is churn in one and new MRR in the other (Stripe reports per currency).
    IF o_cur < n_cur THEN
      PERFORM "mrr_move"(v_tenant, v_sub, o_plan, o_cur, o_mrr, 0, now());
      PERFORM "mrr_move"(v_tenant, v_sub, n_plan, n_cur, 0, n_mrr, now());
    ELSE
      PERFORM "mrr_move"(v_tenant, v_sub, n_plan, n_cur, 0, n_mrr, now());
      PERFORM "mrr_move"(v_tenant, v_sub, o_plan, o_cur, o_mrr, 0, now());
    END IF;
  ELSE
    PERFORM "mrr_move"(v_tenant, v_sub, coalesce(n_plan, o_plan), CASE WHEN n_mrr > 0 THEN n_cur ELSE o_cur END, o_mrr, n_mrr, now());
  END IF;
  IF TG_OP = 'UPDATE' AND OLD."status" = 'trialing' AND NEW."status" <> 'trialing' AND n_mrr > 0 THEN
    PERFORM "mrr_month_add"(now(), n_cur, 'trial_converted', v_tenant, n_mrr);
  END IF;
  IF o_counted > 0 AND n_mrr > 0 AND o_plan = n_plan AND o_cur = n_cur THEN
    PERFORM "plan_mrr_add"(n_plan, n_cur, v_shard, n_mrr - o_counted, 0);
  ELSE
    FOR r IN SELECT * FROM (VALUES (o_plan, o_cur, -o_counted, -1), (n_plan, n_cur, n_mrr, 1)) AS x("plan", "cur", "mrr", "subs")
             WHERE x."mrr" <> 0 ORDER BY x."plan", x."cur" LOOP
      PERFORM "plan_mrr_add"(r."plan", r."cur", v_shard, r."mrr", r."subs");
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;

DROP FUNCTION "subscription_mrr"(TEXT, TEXT, INTEGER);

-- The discounts change MRR, so writing them is a movement too.
DROP TRIGGER "Subscription_mrr_history" ON "Subscription";
CREATE TRIGGER "Subscription_mrr_history"
AFTER INSERT OR DELETE OR UPDATE OF "status", "planId", "quantity", "recurringDiscounts" ON "Subscription"
FOR EACH ROW EXECUTE FUNCTION "subscription_mrr_history"();

-- The admin summary's MRR by the same rule (net, at the refresh). Otherwise as in migration types_timestamptz_bigint.
CREATE OR REPLACE FUNCTION "tenant_billing_summary_rows"() RETURNS TABLE (
  "tenantId" TEXT, "name" TEXT, "sortName" TEXT, "slug" TEXT, "stripeCustomerId" TEXT, "subscriptionId" TEXT,
  "planName" TEXT, "status" TEXT, "mrr" BIGINT, "currency" TEXT, "currentPeriodEnd" TIMESTAMPTZ(3),
  "cancelAtPeriodEnd" BOOLEAN, "nextRenewalAt" TIMESTAMPTZ(3), "lastPaymentAt" TIMESTAMPTZ(3),
  "failedAttempts" INTEGER, "refreshedAt" TIMESTAMPTZ(3))
LANGUAGE sql STABLE AS $$
  SELECT
    t."id", t."name", lower(t."name"), t."slug", t."stripeCustomerId", cur."id", cur."planName",
    coalesce(cur."status", 'none'),
    CASE WHEN cur."status" IN ('active', 'past_due') AND cur."amount" IS NOT NULL THEN
      "monthly_mrr"("net_period_amount"(cur."amount"::bigint * cur."quantity", cur."currency", cur."recurringDiscounts", now()), cur."interval")
    ELSE 0 END,
    coalesce(cur."currency", 'usd'),
    cur."currentPeriodEnd",
    coalesce(cur."cancelAtPeriodEnd", false),
    CASE WHEN cur."status" IN ('active', 'trialing', 'past_due') AND NOT cur."cancelAtPeriodEnd"
      AND cur."currentPeriodEnd" IS NOT NULL THEN cur."currentPeriodEnd"
    ELSE TIMESTAMPTZ '9999-12-31 00:00:00+00' END,
    coalesce(pay."at", TIMESTAMPTZ '1970-01-01 00:00:00+00'),
    coalesce(inv."attempts", 0)::int,
    now()::timestamptz(3)
  FROM "Tenant" t
  LEFT JOIN LATERAL (
    SELECT s."id", s."status"::text AS "status", s."quantity", s."recurringDiscounts", s."currentPeriodEnd", s."cancelAtPeriodEnd",
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

-- The MRR history's rebuild (the admin bench's bulk seed) counts net MRR today; the bench seeds no repeating
-- discounts, so it records no MrrDiscountEnd steps. Otherwise as in migration types_timestamptz_bigint.
CREATE OR REPLACE FUNCTION "mrr_history_backfill"() RETURNS void
LANGUAGE sql AS $$
  WITH subs AS (
    SELECT s."id", s."tenantId", s."planId", p."currency",
      "monthly_mrr"("net_period_amount"(p."amount"::bigint * s."quantity", p."currency", s."recurringDiscounts", now()), p."interval"::text) AS "m",
      greatest(s."createdAt", coalesce(s."trialEnd", s."createdAt")) AS "from",
      CASE WHEN s."status" IN ('active', 'past_due') THEN NULL
           ELSE coalesce(s."endedAt", s."canceledAt", s."updatedAt") END AS "until",
      s."status"::text AS "status"
    FROM "Subscription" s JOIN "Plan" p ON p."id" = s."planId"
    WHERE s."status" IN ('active', 'past_due', 'canceled', 'unpaid')
  ),
  paid AS (
    SELECT * FROM subs WHERE "m" > 0 AND ("until" IS NULL OR "until" > "from")
  ),
  moves AS (
    INSERT INTO "MrrMovement" ("tenantId", "subscriptionId", "planId", "currency", "kind", "fromMrr", "toMrr", "at")
    SELECT "tenantId", "id", "planId", "currency", 'new', 0, "m", "from" FROM paid
    UNION ALL
    SELECT "tenantId", "id", "planId", "currency", 'churn', "m", 0, "until" FROM paid WHERE "until" IS NOT NULL
    RETURNING "tenantId", "currency", "kind", "fromMrr", "toMrr", "at"
  ),
  months AS (
    INSERT INTO "MrrMonth" AS mm ("month", "currency", "kind", "shard", "amount", "movements")
    SELECT date_trunc('month', "at" AT TIME ZONE 'UTC')::date, "currency", "kind", "mrr_shard"("tenantId"),
      sum(abs("toMrr" - "fromMrr")), count(*)
    FROM moves GROUP BY 1, 2, 3, 4
    ON CONFLICT ("month", "currency", "kind", "shard") DO UPDATE
      SET "amount" = mm."amount" + EXCLUDED."amount", "movements" = mm."movements" + EXCLUDED."movements"
    RETURNING 1
  ),
  -- Ended trials: converted when the subscription went on to pay, counted in the month the trial ended.
  trials AS (
    INSERT INTO "MrrMonth" AS mm ("month", "currency", "kind", "shard", "amount", "movements")
    SELECT date_trunc('month', s."trialEnd" AT TIME ZONE 'UTC')::date, p."currency",
      CASE WHEN paid."id" IS NULL THEN 'trial_ended' ELSE 'trial_converted' END, "mrr_shard"(s."tenantId"),
      coalesce(sum(paid."m"), 0), count(*)
    FROM "Subscription" s JOIN "Plan" p ON p."id" = s."planId" LEFT JOIN paid ON paid."id" = s."id"
    WHERE s."trialEnd" <= now() AND s."status" NOT IN ('trialing', 'incomplete', 'incomplete_expired')
    GROUP BY 1, 2, 3, 4
    ON CONFLICT ("month", "currency", "kind", "shard") DO UPDATE
      SET "amount" = mm."amount" + EXCLUDED."amount", "movements" = mm."movements" + EXCLUDED."movements"
    RETURNING 1
  )
  INSERT INTO "PlanMrr" AS pm ("planId", "currency", "shard", "mrr", "subscriptions")
  SELECT "planId", "currency", "mrr_shard"("tenantId"), sum("m"), count(*)
  FROM paid WHERE "until" IS NULL AND "status" IN ('active', 'past_due')
  GROUP BY 1, 2, 3
  ON CONFLICT ("planId", "currency", "shard") DO UPDATE
    SET "mrr" = pm."mrr" + EXCLUDED."mrr", "subscriptions" = pm."subscriptions" + EXCLUDED."subscriptions";
$$;

-- Moves the repeating discounts' ends whose time has come into the history (an expansion at the discount's end)
-- and PlanMrr, and refreshes those tenants' summaries: the settle-ended-discounts job runs it, so what the reads add
-- at read time stays a handful of rows. Moves first (months, oldest first), then plans in order: the trigger's lock
-- order. A subscription written meanwhile settles its own steps in its trigger; each step is deleted once.
CREATE FUNCTION "mrr_settle_ended_discounts"() RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  v_rows JSONB;
  r RECORD;
BEGIN
  WITH gone AS (DELETE FROM "MrrDiscountEnd" WHERE "endsAt" <= now() RETURNING *)
  SELECT coalesce(jsonb_agg(to_jsonb(gone)), '[]'::jsonb) INTO v_rows FROM gone;
  FOR r IN SELECT * FROM jsonb_to_recordset(v_rows) AS x("subscriptionId" TEXT, "endsAt" TIMESTAMPTZ, "tenantId" TEXT,
             "planId" TEXT, "currency" TEXT, "fromMrr" BIGINT, "toMrr" BIGINT) ORDER BY "endsAt", "subscriptionId" LOOP
    PERFORM "mrr_move"(r."tenantId", r."subscriptionId", r."planId", r."currency", r."fromMrr", r."toMrr", r."endsAt");
  END LOOP;
  FOR r IN SELECT x."planId", x."currency", "mrr_shard"(x."tenantId") AS "shard", sum(x."toMrr" - x."fromMrr")::bigint AS "delta"
           FROM jsonb_to_recordset(v_rows) AS x("tenantId" TEXT, "planId" TEXT, "currency" TEXT, "fromMrr" BIGINT, "toMrr" BIGINT)
           GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LOOP
    PERFORM "plan_mrr_add"(r."planId", r."currency", r."shard", r."delta", 0);
  END LOOP;
  FOR r IN SELECT DISTINCT x."tenantId" FROM jsonb_to_recordset(v_rows) AS x("tenantId" TEXT) ORDER BY 1 LOOP
    PERFORM "tenant_billing_summary_refresh"(r."tenantId");
  END LOOP;
  RETURN jsonb_array_length(v_rows);
END;
$$;

-- PlanMrr recounted by the new rule (a yearly per-seat subscription's twelfth is now taken of the whole period,
-- as its invoice is), so the trigger's "what PlanMrr counts" holds for every row from here on.
DELETE FROM "PlanMrr";
INSERT INTO "PlanMrr" ("planId", "currency", "shard", "mrr", "subscriptions")
SELECT s."planId", m."currency", "mrr_shard"(s."tenantId"), sum(m."mrr"), count(*)
FROM "Subscription" s CROSS JOIN LATERAL "subscription_mrr"(s."status"::text, s."planId", s."quantity", s."recurringDiscounts", now()) m
WHERE m."mrr" > 0
GROUP BY 1, 2, 3;
