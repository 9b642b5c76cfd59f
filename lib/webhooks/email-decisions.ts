import "server-only";
import type Stripe from "stripe";
import { getDb, queryOnPool, type Tx } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import { Prisma } from "@/lib/generated/prisma/client";
import { getLogger } from "@/lib/log";
import { mayCauseBillingEmail, queueBillingEmails } from "@/lib/mail/billing-emails";
import { billingAudiences, type BillingAudience } from "@/lib/mail/billing-recipients";
import { retrieveEvent } from "@/lib/stripe/retrieve-event";
import { getLedgerEntries, type LedgerEntry } from "./ledger";
import { isTruncatedPayload } from "./redact-payload";

// The billing emails of an applied event are decided after the delivery, not inside it: the statement (or
// transaction) that claims the event also inserts its row in "PendingEmailDecision", so the row exists exactly when
// the event was applied, once per event, and the event keeps the one-statement fast path. Deciding reads the event
// from the ledger and queues the emails as lib/mail/billing-emails.ts says; the outbox's key (event id, template,
// recipient) makes a second decision of one event queue nothing.
//
// Why a table of our own and not a graphile-worker job: `graphile_worker.add_job` in the webhook's statement cost
// PostgreSQL about 1.1 ms of CPU per call on an empty queue, more as the queue grew (its `add_jobs` updates the jobs
// table by key with a plan that scanned the whole table), and its NOTIFY takes a lock every notifying commit in the
// database waits for. A plain insert costs about a tenth of that (README, "Webhook ingest").
//
// Who decides: the instance that applied the event, at once (`startDecidingEmails` turns that on in a server; tests
// call `decidePendingEmails` themselves), and every minute the periodic sweep (lib/jobs/periodic-jobs.ts) on any
// instance, for what a killed instance left, another instance queued while this one was idle, and retries.

/** Decisions taken per claim: one statement leases them, one deletes the decided ones. */
const BATCH_SIZE = 32;
/** How long a kick waits before deciding: a burst of deliveries is decided in batches of its events rather than
 * one by one, each email at most this much later. */
const DECIDE_AFTER_MS = 100;
/** How long a decision is leased to the instance that took it: deciding takes milliseconds, so a lease that runs
 * out belongs to a killed instance, and the next sweep takes the decision over. */
const LEASE = "1 minute";
/** Deciding reads only our database (Stripe only for an oversized event): a few retries, backing off, suffice. */
const MAX_ATTEMPTS = 8;

/**
 * The fast path's CTE body that queues an event's decision: reads "claim", which yields a row when this copy of the
 * event claimed it (lib/records/versioned-row.ts `afterClaim`).
 */
export function pendingDecisionSql(eventId: string): Prisma.Sql {
  return Prisma.sql`INSERT INTO "PendingEmailDecision" ("eventId") SELECT ${eventId}::text FROM "claim"
    ON CONFLICT ("eventId") DO NOTHING RETURNING 1`;
}

/** The transactional path's counterpart: queues the decision in the applying transaction. */
export async function queueEmailDecision(tx: Tx, event: Stripe.Event, tenantId: string | null): Promise<void> {
  if (!tenantId || !mayCauseBillingEmail(event)) return;
  await tx.$executeRaw`INSERT INTO "PendingEmailDecision" ("eventId") VALUES (${event.id}) ON CONFLICT ("eventId") DO NOTHING`;
}

/** The emails of an event the ledger shows applied, decided from the ledger's copy of it for the tenant's audience. */
async function decideFromLedger(eventId: string, entry: LedgerEntry | undefined, audience: BillingAudience | null): Promise<void> {
  if (!entry || entry.status !== "processed" || !entry.tenantId) return;
  // Nobody to write to: nothing to decide, and no need for the event (or, for an oversized one, Stripe).
  if (!audience || audience.recipients.length === 0) return;
  // An oversized event was stored as a stub: Stripe's Events API still has it (30 days).
  const event = entry.payload && !isTruncatedPayload(entry.payload) ? (entry.payload as Stripe.Event) : await retrieveEvent(eventId);
  await queueBillingEmails(getDb(), event, entry.tenantId, audience);
}

type Leased = { eventId: string; attempts: number };

/**
 * Decides every decision that is due, batch by batch, and answers how many it decided and how many failed. A batch
 * is leased with SKIP LOCKED and a lease time, so instances deciding at once never take the same decision, and one
 * that dies mid-batch leaves its decisions to the sweep a minute on. A failure backs off (2^attempts seconds, at most
 * an hour); after MAX_ATTEMPTS the row stays, never due, with its error, for an operator.
 */
export async function decidePendingEmails(): Promise<{ decided: number; failed: number }> {
  let decided = 0;
  let failed = 0;
  for (;;) {
    const batch = await queryOnPool<Leased>(prepared(Prisma.sql`
      UPDATE "PendingEmailDecision" p SET "runAt" = now() + ${LEASE}::interval, "attempts" = p."attempts" + 1
      FROM (SELECT "eventId" FROM "PendingEmailDecision" WHERE "runAt" <= now() ORDER BY "runAt"
            LIMIT ${BATCH_SIZE}::int FOR UPDATE SKIP LOCKED) due
      WHERE p."eventId" = due."eventId"
      RETURNING p."eventId", p."attempts"`));
    if (batch.length === 0) return { decided, failed };
    // The batch's reads in two statements, not two per decision: the events, then their tenants' audiences.
    const entries = await getLedgerEntries(batch.map((leased) => leased.eventId));
    const tenantIds = [...new Set([...entries.values()].flatMap((entry) => (entry.tenantId ? [entry.tenantId] : [])))];
    const audiences = await billingAudiences(tenantIds);
    const done: string[] = [];
    for (const { eventId, attempts } of batch) {
      try {
        const entry = entries.get(eventId);
        await decideFromLedger(eventId, entry, entry?.tenantId ? (audiences.get(entry.tenantId) ?? null) : null);
        done.push(eventId);
      } catch (error) {
        failed += 1;
        await recordDecisionFailure(eventId, attempts, error);
      }
    }
    if (done.length > 0) {
      await queryOnPool(prepared(Prisma.sql`DELETE FROM "PendingEmailDecision" WHERE "eventId" = ANY(${done}::text[])`));
      decided += done.length;
    }
  }
}

async function recordDecisionFailure(eventId: string, attempts: number, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const final = attempts >= MAX_ATTEMPTS;
  getLogger()[final ? "error" : "warn"]({ eventId, attempts, error: message }, final ? "billing emails not decided" : "billing emails decision failed");
  await getDb().$executeRaw`
    UPDATE "PendingEmailDecision" SET "lastError" = ${message},
      "runAt" = CASE WHEN ${final} THEN 'infinity'::timestamptz
                     ELSE now() + make_interval(secs => least(3600, power(2, ${attempts}::int))) END
    WHERE "eventId" = ${eventId}`;
}

const globalForDecisions = globalThis as unknown as {
  assetAnchorEmailDecisions?: { running: Promise<void> | null; again: boolean };
};

/** Turns on deciding at once in this process (a server's job worker does; tests decide when they choose). */
export function startDecidingEmails(): void {
  globalForDecisions.assetAnchorEmailDecisions ??= { running: null, again: false };
}

/**
 * An event this process applied queued a decision: decide it shortly, after the delivery's answer. One run at a
 * time per process; a kick during a run makes it look once more when it ends. A no-op until `startDecidingEmails`.
 */
export function kickEmailDecisions(): void {
  const state = globalForDecisions.assetAnchorEmailDecisions;
  if (!state) return;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = new Promise<void>((resolve) => setTimeout(resolve, DECIDE_AFTER_MS))
    .then(async () => {
      do {
        state.again = false;
        await decidePendingEmails();
      } while (state.again);
    })
    .catch((error: unknown) => getLogger().error({ error: String(error) }, "billing emails decisions stopped"))
    .finally(() => {
      state.running = null;
    });
}
