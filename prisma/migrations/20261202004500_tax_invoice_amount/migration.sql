-- Stripe Tax on each invoice, for the tax column of the tenant's invoice list (issue 17, tax). Nullable and
-- additive: rows written before get it from their next event or the drift check's repair.
ALTER TABLE "Invoice" ADD COLUMN "taxAmount" INTEGER,
ADD COLUMN "taxReverseCharge" BOOLEAN NOT NULL DEFAULT false;
