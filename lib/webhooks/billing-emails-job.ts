import "server-only";
import type Stripe from "stripe";
import { getDb, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { mayCauseBillingEmail, queueBillingEmails } from "@/lib/mail/billing-emails";
import { retrieveEvent } from "@/lib/stripe/retrieve-event";
import { getLedgerEntry } from "./ledger";
import { isTruncatedPayload } from "./redact-payload";

// The billing emails of an applied event are decided by a job, not inside the delivery: the delivery queues the
// job in the statement (or transaction) that claims the event, so the job exists exactly when the event was
// applied, once per event (its job_key), and the event keeps the one-statement fast path. The job then reads the
// event from the ledger and decides the emails as lib/mail/billing-emails.ts says; the outbox's key (event id,
// template, recipient) makes a repeated run queue nothing twice.

/** graphile-worker's identifier of the job. */
export const BILLING_EMAILS_TASK = "billing-emails";
/** Deciding reads only our database (Stripe only for an oversized event): a few quick retries suffice. */
const BILLING_EMAILS_MAX_ATTEMPTS = 8;

/**
 * An SQL expression that queues the job for an event id (a value, or an SQL expression for it): one job per event,
 * its job_key; a second call while the job waits leaves it as it is.
 */
export function billingEmailsJobSql(eventId: string | Prisma.Sql): Prisma.Sql {
  const id = typeof eventId === "string" ? Prisma.sql`${eventId}::text` : eventId;
  return Prisma.sql`graphile_worker.add_job(${BILLING_EMAILS_TASK}::text, json_build_object('eventId', ${id}),
    max_attempts => ${BILLING_EMAILS_MAX_ATTEMPTS}::int, job_key => ${`${BILLING_EMAILS_TASK}:`}::text || ${id},
    job_key_mode => 'preserve_run_at')`;
}

/** The transactional path's counterpart of the fast path's CTE: queues the job in the applying transaction. */
export async function queueBillingEmailsJob(tx: Tx, event: Stripe.Event, tenantId: string | null): Promise<void> {
  if (!tenantId || !mayCauseBillingEmail(event)) return;
  await tx.$executeRaw(Prisma.sql`SELECT ${billingEmailsJobSql(event.id)}`);
}

/** The job: the emails of an event the ledger shows applied, decided from the ledger's copy of it. */
export async function decideBillingEmailsOf(eventId: string): Promise<void> {
  const entry = await getLedgerEntry(eventId);
  if (!entry || entry.status !== "processed" || !entry.tenantId) return;
  // An oversized event was stored as a stub: Stripe's Events API still has it (30 days).
  const event = entry.payload && !isTruncatedPayload(entry.payload) ? (entry.payload as Stripe.Event) : await retrieveEvent(eventId);
  await queueBillingEmails(getDb(), event, entry.tenantId);
}

/**
 * A server killed while running the job leaves it locked; graphile-worker frees a locked job only after four hours.
 * Deciding takes milliseconds, so a job locked for a minute belongs to a dead worker: this queues a fresh one under
 * the same job key (graphile-worker starts a new job when the keyed one is locked), and the emails are decided
 * minutes later rather than hours. Run by the per-minute sweep (lib/jobs/periodic-jobs.ts). Answers how many.
 */
export async function requeueStalledBillingEmailJobs(): Promise<number> {
  const prefix = `${BILLING_EMAILS_TASK}:`;
  return getDb().$executeRaw(Prisma.sql`
    SELECT ${billingEmailsJobSql(Prisma.sql`substr("key", ${prefix.length + 1}::int)`)}
    FROM graphile_worker.jobs
    WHERE "task_identifier" = ${BILLING_EMAILS_TASK}::text AND "key" LIKE ${`${prefix}%`}::text
      AND "locked_at" < now() - interval '1 minute'`);
}
