import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// Retention of the webhook ledger's payloads (issue #12 finding 11). The rows stay: their id and status are what
// exactly-once needs. Payloads of settled events (processed, ignored, conflict) go after
// WEBHOOK_PAYLOAD_RETENTION_DAYS; those still to be applied (received, failed, unmatched) keep theirs for replay.

const BATCH = 5_000;
// Any fixed 64-bit key: one run at a time (`pg_try_advisory_xact_lock` per batch), should `npm run webhooks:retention`
// meet the periodic job (lib/jobs/periodic-jobs.ts).
const LOCK_KEY = 7_312_004_211;

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
