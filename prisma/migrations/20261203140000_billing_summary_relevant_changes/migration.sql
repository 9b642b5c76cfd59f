-- The tenant billing summary is refreshed at commit for every written subscription, invoice and payment row
-- (migration tenant_billing_summary). Most writes cannot change it: an invoice that is not open, a payment that did
-- not succeed, an unpaid subscription attempt, or an update of columns the summary does not read. The refresh
-- (an advisory lock, the tenant's summary query, an upsert of a row with six indexes) was about a third of
-- PostgreSQL's CPU per webhook event in `npm run bench:webhooks`; now a trigger's WHEN condition leaves those writes
-- out, so they queue no refresh at all.
--
-- Keep these in step with tenant_billing_summary_rows(), whose reads they name:
--   Subscription: "id", "tenantId", "status" (an incomplete or incomplete_expired row is never the current one),
--     "quantity", "recurringDiscounts", "currentPeriodEnd", "cancelAtPeriodEnd", "planId", "createdAt";
--   Invoice: "tenantId", "attemptCount" of the rows with status 'open';
--   Payment: "tenantId", "stripeCreatedAt" of the rows with status 'succeeded'.
-- lib/admin/billing-summary-triggers.integration.test.ts checks the summary against the function after random writes.

DROP TRIGGER "Subscription_billing_summary" ON "Subscription";
DROP TRIGGER "Invoice_billing_summary" ON "Invoice";
DROP TRIGGER "Payment_billing_summary" ON "Payment";

CREATE CONSTRAINT TRIGGER "Subscription_billing_summary_insert" AFTER INSERT ON "Subscription"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (NEW."status" NOT IN ('incomplete', 'incomplete_expired'))
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Subscription_billing_summary_update" AFTER UPDATE ON "Subscription"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN ((OLD."status" NOT IN ('incomplete', 'incomplete_expired') OR NEW."status" NOT IN ('incomplete', 'incomplete_expired'))
  AND (OLD."id", OLD."tenantId", OLD."status", OLD."quantity", OLD."recurringDiscounts", OLD."currentPeriodEnd",
       OLD."cancelAtPeriodEnd", OLD."planId", OLD."createdAt")
    IS DISTINCT FROM (NEW."id", NEW."tenantId", NEW."status", NEW."quantity", NEW."recurringDiscounts", NEW."currentPeriodEnd",
       NEW."cancelAtPeriodEnd", NEW."planId", NEW."createdAt"))
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Subscription_billing_summary_delete" AFTER DELETE ON "Subscription"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (OLD."status" NOT IN ('incomplete', 'incomplete_expired'))
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Invoice_billing_summary_insert" AFTER INSERT ON "Invoice"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (NEW."status" = 'open')
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Invoice_billing_summary_update" AFTER UPDATE ON "Invoice"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN ((OLD."status" = 'open' OR NEW."status" = 'open')
  AND (OLD."tenantId", OLD."status", OLD."attemptCount") IS DISTINCT FROM (NEW."tenantId", NEW."status", NEW."attemptCount"))
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Invoice_billing_summary_delete" AFTER DELETE ON "Invoice"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (OLD."status" = 'open')
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Payment_billing_summary_insert" AFTER INSERT ON "Payment"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (NEW."status" = 'succeeded')
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Payment_billing_summary_update" AFTER UPDATE ON "Payment"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN ((OLD."status" = 'succeeded' OR NEW."status" = 'succeeded')
  AND (OLD."tenantId", OLD."status", OLD."stripeCreatedAt") IS DISTINCT FROM (NEW."tenantId", NEW."status", NEW."stripeCreatedAt"))
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();

CREATE CONSTRAINT TRIGGER "Payment_billing_summary_delete" AFTER DELETE ON "Payment"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (OLD."status" = 'succeeded')
EXECUTE FUNCTION "tenant_billing_summary_touch_child"();
