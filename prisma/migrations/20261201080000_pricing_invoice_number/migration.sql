-- Stripe's invoice number, shown in the tenant's invoice list (issue 17, invoices). Nullable and additive; rows
-- written before get it from their next event or the drift check's repair.
ALTER TABLE "Invoice" ADD COLUMN "number" TEXT;
