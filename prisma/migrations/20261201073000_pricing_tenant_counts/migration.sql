-- CreateTable
CREATE TABLE "TenantStatusCount" (
    "status" TEXT NOT NULL,
    "shard" INTEGER NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "TenantStatusCount_pkey" PRIMARY KEY ("status","shard")
);

-- Written by hand from here: the count follows every insert, delete and status change of a summary row, in the
-- same transaction (the summary itself is refreshed at commit). Two rows change in status order, so concurrent
-- refreshes take the shard rows in one order.
CREATE FUNCTION "tenant_status_count_add"(p_status TEXT, p_tenant TEXT, p_delta INTEGER) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "TenantStatusCount" AS c ("status", "shard", "count") VALUES (p_status, "mrr_shard"(p_tenant), p_delta)
  ON CONFLICT ("status", "shard") DO UPDATE SET "count" = c."count" + EXCLUDED."count"
$$;

CREATE FUNCTION "tenant_status_count_touch"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "tenant_status_count_add"(NEW."status", NEW."tenantId", 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "tenant_status_count_add"(OLD."status", OLD."tenantId", -1);
  ELSIF OLD."status" < NEW."status" THEN
    PERFORM "tenant_status_count_add"(OLD."status", OLD."tenantId", -1);
    PERFORM "tenant_status_count_add"(NEW."status", NEW."tenantId", 1);
  ELSE
    PERFORM "tenant_status_count_add"(NEW."status", NEW."tenantId", 1);
    PERFORM "tenant_status_count_add"(OLD."status", OLD."tenantId", -1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "TenantBillingSummary_status_count" AFTER INSERT OR DELETE ON "TenantBillingSummary"
FOR EACH ROW EXECUTE FUNCTION "tenant_status_count_touch"();

CREATE TRIGGER "TenantBillingSummary_status_count_update" AFTER UPDATE OF "status" ON "TenantBillingSummary"
FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "tenant_status_count_touch"();

-- From the rows as they are (this migration; the admin bench after its bulk load with triggers off).
CREATE FUNCTION "tenant_status_count_backfill"() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM "TenantStatusCount";
  INSERT INTO "TenantStatusCount" ("status", "shard", "count")
  SELECT "status", "mrr_shard"("tenantId"), count(*) FROM "TenantBillingSummary" GROUP BY 1, 2;
$$;

SELECT "tenant_status_count_backfill"();
