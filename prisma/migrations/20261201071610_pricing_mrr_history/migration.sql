-- CreateTable
CREATE TABLE "MrrMovement" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "planId" TEXT,
    "currency" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromMrr" BIGINT NOT NULL,
    "toMrr" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MrrMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MrrMonth" (
    "month" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "shard" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "movements" INTEGER NOT NULL,

    CONSTRAINT "MrrMonth_pkey" PRIMARY KEY ("month","currency","kind","shard")
);

-- CreateTable
CREATE TABLE "PlanMrr" (
    "planId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "shard" INTEGER NOT NULL,
    "mrr" BIGINT NOT NULL,
    "subscriptions" INTEGER NOT NULL,

    CONSTRAINT "PlanMrr_pkey" PRIMARY KEY ("planId","currency","shard")
);

-- CreateIndex
CREATE INDEX "MrrMovement_at_idx" ON "MrrMovement"("at");

-- CreateIndex
CREATE INDEX "MrrMovement_tenantId_at_idx" ON "MrrMovement"("tenantId", "at");

-- Written by hand from here. The MRR rule, once for SQL: Stripe's dashboard counts active and past_due
-- subscriptions (never trials, never unpaid or canceled), a yearly price as a twelfth per month, times the
-- quantity, before tax. (The admin summary's "mrr" column, migration tenant_billing_summary, says the same.)
-- Discounts: the subscription rows carry none yet; when they do, this is the one place to subtract them.
CREATE FUNCTION "subscription_mrr"(p_status TEXT, p_plan TEXT, p_quantity INTEGER)
RETURNS TABLE ("mrr" BIGINT, "currency" TEXT)
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_status IN ('active', 'past_due') THEN
      (CASE WHEN p."interval" = 'year' THEN round(p."amount" / 12.0) ELSE p."amount" END)::bigint * p_quantity
    ELSE 0 END,
    p."currency"
  FROM "Plan" p WHERE p."id" = p_plan
$$;

CREATE FUNCTION "mrr_shard"(p_tenant TEXT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE AS $$ SELECT abs(hashtext(p_tenant)) % 16 $$;

-- One month's sum of one kind: MRR movements (new, expansion, contraction, churn) and trial outcomes
-- (trial_converted: the trial ended into a paying subscription; trial_ended: it ended without paying).
CREATE FUNCTION "mrr_month_add"(p_at TIMESTAMPTZ, p_currency TEXT, p_kind TEXT, p_tenant TEXT, p_amount BIGINT)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "MrrMonth" AS m ("month", "currency", "kind", "shard", "amount", "movements")
  VALUES (date_trunc('month', p_at AT TIME ZONE 'UTC')::date, p_currency, p_kind, "mrr_shard"(p_tenant), p_amount, 1)
  ON CONFLICT ("month", "currency", "kind", "shard") DO UPDATE
    SET "amount" = m."amount" + EXCLUDED."amount", "movements" = m."movements" + 1
$$;

-- One movement of one subscription in one currency: the history row and its month's sum.
CREATE FUNCTION "mrr_move"(p_tenant TEXT, p_sub TEXT, p_plan TEXT, p_currency TEXT, p_from BIGINT, p_to BIGINT, p_at TIMESTAMPTZ)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_kind TEXT := CASE WHEN p_from = 0 THEN 'new' WHEN p_to = 0 THEN 'churn'
                      WHEN p_to > p_from THEN 'expansion' ELSE 'contraction' END;
BEGIN
  IF p_from = p_to THEN
    RETURN;
  END IF;
  INSERT INTO "MrrMovement" ("tenantId", "subscriptionId", "planId", "currency", "kind", "fromMrr", "toMrr", "at")
  VALUES (p_tenant, p_sub, p_plan, p_currency, v_kind, p_from, p_to, p_at);
  PERFORM "mrr_month_add"(p_at, p_currency, v_kind, p_tenant, abs(p_to - p_from));
END;
$$;

CREATE FUNCTION "plan_mrr_add"(p_plan TEXT, p_currency TEXT, p_shard INTEGER, p_mrr BIGINT, p_subscriptions INTEGER)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "PlanMrr" AS p ("planId", "currency", "shard", "mrr", "subscriptions")
  VALUES (p_plan, p_currency, p_shard, p_mrr, p_subscriptions)
  ON CONFLICT ("planId", "currency", "shard") DO UPDATE
    SET "mrr" = p."mrr" + EXCLUDED."mrr", "subscriptions" = p."subscriptions" + EXCLUDED."subscriptions"
$$;

-- Not deferred: the history belongs to the statement that changed the row, in its transaction. Rows are locked
-- in one order (month rows before plan rows, plans by id) so two webhooks cannot deadlock on them.
CREATE FUNCTION "subscription_mrr_history"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_mrr BIGINT := 0; o_cur TEXT; o_plan TEXT;
  n_mrr BIGINT := 0; n_cur TEXT; n_plan TEXT;
  v_tenant TEXT; v_sub TEXT; v_shard INTEGER;
  r RECORD;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT m."mrr", m."currency" INTO o_mrr, o_cur FROM "subscription_mrr"(OLD."status"::text, OLD."planId", OLD."quantity") m;
    o_plan := OLD."planId"; v_tenant := OLD."tenantId"; v_sub := OLD."id";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT m."mrr", m."currency" INTO n_mrr, n_cur FROM "subscription_mrr"(NEW."status"::text, NEW."planId", NEW."quantity") m;
    n_plan := NEW."planId"; v_tenant := NEW."tenantId"; v_sub := NEW."id";
  END IF;
  o_mrr := coalesce(o_mrr, 0);
  n_mrr := coalesce(n_mrr, 0);
  v_shard := "mrr_shard"(v_tenant);
  -- A trial's end, counted once when the row leaves "trialing" (after the movement it may bring: kinds in order).
  IF TG_OP = 'UPDATE' AND OLD."status" = 'trialing' AND NEW."status" <> 'trialing' AND o_mrr = 0 AND n_mrr = 0 AND o_cur IS NOT NULL THEN
    PERFORM "mrr_month_add"(now(), o_cur, 'trial_ended', v_tenant, 0);
  END IF;
  IF o_mrr = n_mrr AND (o_mrr = 0 OR (o_plan IS NOT DISTINCT FROM n_plan AND o_cur IS NOT DISTINCT FROM n_cur)) THEN
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
  IF o_mrr > 0 AND n_mrr > 0 AND o_plan = n_plan AND o_cur = n_cur THEN
    PERFORM "plan_mrr_add"(n_plan, n_cur, v_shard, n_mrr - o_mrr, 0);
  ELSE
    FOR r IN SELECT * FROM (VALUES (o_plan, o_cur, -o_mrr, -1), (n_plan, n_cur, n_mrr, 1)) AS x("plan", "cur", "mrr", "subs")
             WHERE x."mrr" <> 0 ORDER BY x."plan", x."cur" LOOP
      PERFORM "plan_mrr_add"(r."plan", r."cur", v_shard, r."mrr", r."subs");
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Subscription_mrr_history" AFTER INSERT OR DELETE OR UPDATE OF "status", "planId", "quantity" ON "Subscription"
FOR EACH ROW EXECUTE FUNCTION "subscription_mrr_history"();

-- The history as far as the rows tell it, for subscriptions that exist before the trigger (this migration, and
-- the admin bench's bulk seed, which loads with triggers off): a paying subscription started at its trial's end
-- (or creation); an ended one that had paid (no trial, or ended after it) churned when it ended, counted at its
-- plan's price. Plan changes before today are not known, so they are not in the history.
CREATE FUNCTION "mrr_history_backfill"() RETURNS void
LANGUAGE sql AS $$
  WITH subs AS (
    SELECT s."id", s."tenantId", s."planId", p."currency",
      (CASE WHEN p."interval" = 'year' THEN round(p."amount" / 12.0) ELSE p."amount" END)::bigint * s."quantity" AS "m",
      greatest(s."createdAt", coalesce(s."trialEnd", s."createdAt")) AT TIME ZONE 'UTC' AS "from",
      CASE WHEN s."status" IN ('active', 'past_due') THEN NULL
           ELSE coalesce(s."endedAt", s."canceledAt", s."updatedAt") AT TIME ZONE 'UTC' END AS "until",
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
    SELECT date_trunc('month', s."trialEnd")::date, p."currency",
      CASE WHEN paid."id" IS NULL THEN 'trial_ended' ELSE 'trial_converted' END, "mrr_shard"(s."tenantId"),
      coalesce(sum(paid."m"), 0), count(*)
    FROM "Subscription" s JOIN "Plan" p ON p."id" = s."planId" LEFT JOIN paid ON paid."id" = s."id"
    WHERE s."trialEnd" <= (now() AT TIME ZONE 'UTC') AND s."status" NOT IN ('trialing', 'incomplete', 'incomplete_expired')
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

SELECT "mrr_history_backfill"();
