import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { schedulePeriodic } from "@/lib/jobs/schedule-periodic";

// Retention of the webhook ledger's payloads (issue #12 finding 11). The rows stay: their id and status are what
// exactly-once needs. Payloads of settled events (processed, ignored, conflict) go after
// WEBHOOK_PAYLOAD_RETENTION_DAYS; those still to be applied (received, failed, unmatched) keep theirs for replay.

const BATCH = 5_000;
// Any fixed 64-bit key: one instance at a time runs the job (`pg_try_advisory_xact_lock` per batch).
const LOCK_KEY = 7_312_004_211;
const EVERY_MS = 6 * 3600 * 1000;
const FIRST_RUN_DELAY_MS = 5 * 60 * 1000;

/** Drops the payloads older than `days`; answers how many, or null when another instance holds the lock. */
export async function dropExpiredPayloads(options: { days?: number; now?: Date } = {}): Promise<number | null> {
  const days = options.days ?? getEnv().WEBHOOK_PAYLOAD_RETENTION_DAYS;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * 86_400_000);
  let dropped = 0;
  for (;;) {
    const batch = await getDb().$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}::bigint) AS "locked"`;
      if (!lock?.locked) return null;
      return tx.$executeRaw`
        UPDATE "WebhookEvent" SET "payload" = NULL
        WHERE "id" IN (
          SELECT "id" FROM "WebhookEvent"
          WHERE "receivedAt" < ${cutoff} AND "payload" IS NOT NULL AND "status" IN ('processed', 'ignored', 'conflict')
          LIMIT ${BATCH})`;
    });
    if (batch === null) return dropped > 0 ? dropped : null;
    dropped += batch;
    if (batch < BATCH) return dropped;
  }
}

/** Started once per server process (instrumentation.ts): the job every 6 hours. */
export function startPayloadRetentionTimer(): void {
  schedulePeriodic({
    name: "webhook payload retention",
    everyMs: EVERY_MS,
    firstRunAfterMs: FIRST_RUN_DELAY_MS,
    run: async () => {
      const dropped = await dropExpiredPayloads();
      return dropped ? { dropped } : null;
    },
  });
}
