-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "billingEmail" TEXT,
ADD COLUMN     "copyBillingAdmins" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "optionalBillingEmails" BOOLEAN NOT NULL DEFAULT true;
