-- Stripe's cancellation_details on each subscription row (issue 17, churn reasons). Nullable: additive, so the
-- running version keeps writing rows while this deploys. Rows written before are filled by their next event
-- (or the drift check's repair).
ALTER TABLE "Subscription" ADD COLUMN "cancellationReason" TEXT,
  ADD COLUMN "cancellationFeedback" TEXT,
  ADD COLUMN "cancellationComment" TEXT;

-- The churn page counts canceled subscriptions per feedback and lists the newest comments.
CREATE INDEX "Subscription_canceledAt_idx" ON "Subscription"("canceledAt");
