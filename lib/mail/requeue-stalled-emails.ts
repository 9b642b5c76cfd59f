import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { SEND_EMAIL_MAX_ATTEMPTS, SEND_EMAIL_TASK } from "./queue-email";

/**
 * A worker killed mid-send leaves its row "sending" and its job locked; graphile-worker frees such a job only after
 * four hours. Once the row's lease has run out, this queues a fresh job under the same job key (graphile-worker
 * starts a new job when the keyed one is locked), so the email goes out minutes later rather than hours. The old
 * job, when it finally runs, finds the row sent and does nothing.
 */
export async function requeueStalledEmails(): Promise<number> {
  return getDb().$executeRaw(Prisma.sql`
    SELECT graphile_worker.add_job(
      ${SEND_EMAIL_TASK},
      json_build_object('emailId', "id"),
      max_attempts => ${SEND_EMAIL_MAX_ATTEMPTS}::int,
      job_key => 'email:' || "id",
      job_key_mode => 'preserve_run_at'
    )
    FROM "Email"
    WHERE "status" = 'sending' AND "leaseUntil" < now()`);
}
