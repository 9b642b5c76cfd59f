-- The sign-up attempt email goes at most once in any rolling hour per address: the check reads the outbox by
-- recipient and time, which this index serves instead of a scan.
CREATE INDEX "Email_to_createdAt_idx" ON "Email"("to", "createdAt");
