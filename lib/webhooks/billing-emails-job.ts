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

/** An SQL expression that queues the job for `eventId` (a second call for the same event replaces the pending job). */
export function billingEmailsJobSql(eventId: string): Prisma.Sql {
  return Prisma.sql`graphile_worker.add_job(${BILLING_EMAILS_TASK}::text, json_build_object('eventId', ${eventId}::text),
    max_attempts => ${BILLING_EMAILS_MAX_ATTEMPTS}::int, job_key => ${`${BILLING_EMAILS_TASK}:${eventId}`}::text)`;
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
