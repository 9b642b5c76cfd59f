-- CreateTable
CREATE TABLE "PendingEmailDecision" (
    "eventId" TEXT NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "PendingEmailDecision_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "PendingEmailDecision_runAt_idx" ON "PendingEmailDecision"("runAt");

-- Written by hand from here: billing-emails jobs an earlier version queued in graphile-worker become pending
-- decisions (the job queue's schema exists on a database that ran that version; a new database has none yet).
-- A job a running instance of that version holds is decided twice at most, and the outbox's key stops a second email.
DO $$
BEGIN
  IF to_regclass('graphile_worker._private_jobs') IS NOT NULL THEN
    INSERT INTO "PendingEmailDecision" ("eventId")
    SELECT j.payload ->> 'eventId'
    FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'billing-emails' AND j.payload ->> 'eventId' IS NOT NULL
    ON CONFLICT DO NOTHING;
    DELETE FROM graphile_worker._private_jobs j
    USING graphile_worker._private_tasks t
    WHERE t.id = j.task_id AND t.identifier = 'billing-emails';
  END IF;
END
$$;
