-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "WebhookEventStatus" ADD VALUE 'conflict';
ALTER TYPE "WebhookEventStatus" ADD VALUE 'unmatched';

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "stripeCustomerId" TEXT,
ALTER COLUMN "payload" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "WebhookEvent_stripeCustomerId_status_idx" ON "WebhookEvent"("stripeCustomerId", "status");
