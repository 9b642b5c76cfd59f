import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { getDb, queryOnPool } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import type { AuditEntry } from "./handler-context";
import type { ParkKind } from "@/lib/records/parked-event";
import { payloadJson } from "./redact-payload";

// The processed-events ledger (model WebhookEvent). The Stripe event id is the primary key and the idempotency key.

/**
 * Claims an event inside the transaction that applies it. A second copy blocks on the row until the first
 * commits or rolls back, then either finds it processed (no row returned: a duplicate) or claims it itself;
 * ON CONFLICT means no copy ever fails on the unique key.
 */
export async function claimEvent(tx: Tx, event: Stripe.Event, payload: object): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(prepared(Prisma.sql`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt")
    VALUES (${event.id}, ${event.type}, ${event.created}, 'received', 1, ${payloadJson(payload)}::jsonb, ${objectIdOf(event)}, now())
    ON CONFLICT ("id") DO UPDATE SET "attempts" = "WebhookEvent"."attempts" + 1, "status" = 'received'
    WHERE "WebhookEvent"."status" IN ${REAPPLIABLE}
    RETURNING "id"`));
  return rows.length === 1;
}

/**
 * The claim of the one-statement path, as a CTE body: when `settled` holds, the event goes straight to processed,
 * naming the tenant the statement's `"tenant"` CTE found. It yields a row only if this copy is the one to apply
 * the event (the same ON CONFLICT rule as `claimEvent`).
 */
export function claimAsProcessedSql(event: Stripe.Event, payload: object, settled: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt",
      "processedAt", "tenantId")
    SELECT ${event.id}::text, ${event.type}::text, ${event.created}::bigint, 'processed'::"WebhookEventStatus", 1,
      ${payloadJson(payload)}::jsonb, ${objectIdOf(event)}::text, now(), now(), "tenant"."id"
    FROM "tenant" WHERE "tenant"."id" IS NOT NULL AND (${settled})
    ON CONFLICT ("id") DO UPDATE SET "status" = 'processed', "attempts" = "WebhookEvent"."attempts" + 1,
      "processedAt" = now(), "lastError" = NULL, "tenantId" = EXCLUDED."tenantId"
    WHERE "WebhookEvent"."status" IN ${REAPPLIABLE}
    RETURNING 1`;
}

/** SQL true when the ledger shows the event applied, or recorded as ignored: read in the statement's snapshot. */
export function alreadyAppliedSql(eventId: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "WebhookEvent" WHERE "id" = ${eventId}::text AND "status" IN ('processed', 'ignored'))`;
}

/** One statement: the event's audit rows, and the ledger row marked processed with the tenant it concerned. */
export async function markProcessed(
  tx: Tx,
  eventId: string,
  result: { tenantId: string | null; actor: string; audits: readonly AuditEntry[] },
): Promise<void> {
  const audits = result.audits.map((entry) => ({
    id: randomUUID(),
    tenantId: entry.tenantId,
    actor: result.actor,
    action: entry.action,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  }));
  await tx.$executeRaw(prepared(Prisma.sql`
    WITH "audit" AS (
      INSERT INTO "AuditLog" ("id", "tenantId", "actor", "action", "before", "after", "reason")
      SELECT a."id", a."tenantId", a."actor", a."action", a."before", a."after", a."reason"
      FROM jsonb_to_recordset(${JSON.stringify(audits)}::jsonb)
        AS a("id" text, "tenantId" text, "actor" text, "action" text, "before" jsonb, "after" jsonb, "reason" text)
    )
    UPDATE "WebhookEvent" SET "status" = 'processed', "processedAt" = now(), "lastError" = NULL, "tenantId" = ${result.tenantId}
    WHERE "id" = ${eventId}`));
}

/** The statement `recordIgnored` sends (also the bench's floor and Flask targets', so all three do the same work). */
export function ignoredEventSql(event: Stripe.Event): Prisma.Sql {
  return prepared(Prisma.sql`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "processedAt")
    VALUES (${event.id}, ${event.type}, ${event.created}, 'ignored', 1, NULL, ${objectIdOf(event)}, now(), now())
    ON CONFLICT ("id") DO NOTHING`);
}

/** Types we do not handle are acknowledged and recorded once, never re-run, without their payload. */
export async function recordIgnored(event: Stripe.Event): Promise<void> {
  // A hot-path statement of its own (a fifth of a typical mix): on the pool directly, as the one-statement path.
  await queryOnPool(ignoredEventSql(event));
}

/**
 * After the applying transaction rolled back: a separate write so the failure survives. Never downgrades an
 * event another copy has processed in the meantime.
 */
export async function recordFailure(event: Stripe.Event, payload: object, error: string): Promise<void> {
  await getDb().$executeRaw`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "lastError")
    VALUES (${event.id}, ${event.type}, ${event.created}, 'failed', 1, ${payloadJson(payload)}::jsonb, ${objectIdOf(event)}, now(), ${error})
    ON CONFLICT ("id") DO UPDATE SET "status" = 'failed', "attempts" = "WebhookEvent"."attempts" + 1, "lastError" = EXCLUDED."lastError"
    WHERE "WebhookEvent"."status" IN ${REAPPLIABLE}`;
}

/**
 * A handled event that must change nothing (parked-event.ts): recorded as a conflict or unmatched, with the reason
 * and the customer, after the applying transaction rolled back. Never downgrades a processed event.
 */
export async function recordParked(event: Stripe.Event, payload: object, kind: ParkKind, reason: string): Promise<void> {
  await getDb().$executeRaw`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "stripeCustomerId", "receivedAt", "lastError")
    VALUES (${event.id}, ${event.type}, ${event.created}, CAST(${kind} AS "WebhookEventStatus"), 1, ${payloadJson(payload)}::jsonb,
      ${objectIdOf(event)}, ${customerIdOf(event)}, now(), ${reason})
    ON CONFLICT ("id") DO UPDATE SET "status" = EXCLUDED."status", "attempts" = "WebhookEvent"."attempts" + 1,
      "lastError" = EXCLUDED."lastError", "stripeCustomerId" = EXCLUDED."stripeCustomerId"
    WHERE "WebhookEvent"."status" IN ${REAPPLIABLE}`;
}

/** Parked "unmatched" events of a customer, oldest first, with the payloads to apply them from. */
export async function listUnmatchedEvents(stripeCustomerId: string): Promise<{ id: string; payload: unknown }[]> {
  return getDb().webhookEvent.findMany({
    where: { stripeCustomerId, status: "unmatched" },
    orderBy: [{ stripeCreated: "asc" }, { id: "asc" }],
    select: { id: true, payload: true },
  });
}

// Statuses a new copy (a redelivery, a replay, a parked event's customer being linked) may still apply.
const REAPPLIABLE = Prisma.sql`('received', 'failed', 'unmatched', 'conflict')`;

export type LedgerEntry = {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  payload: unknown;
  /** The tenant the applied event concerned (set when it was processed). */
  tenantId: string | null;
};

/** One event's ledger row. */
export async function getLedgerEntry(eventId: string): Promise<LedgerEntry | null> {
  return (await getLedgerEntries([eventId])).get(eventId) ?? null;
}

/**
 * Events' ledger rows, by id, in one statement. On the pool directly, as the fast path's statements: every batch of
 * billing-email decisions starts here, and in a burst of deliveries one comes every fifth event or so.
 */
export async function getLedgerEntries(eventIds: string[]): Promise<Map<string, LedgerEntry>> {
  const entries = await queryOnPool<LedgerEntry>(prepared(Prisma.sql`
    SELECT "id", "type", "status"::text AS "status", "attempts", "lastError", "payload", "tenantId"
    FROM "WebhookEvent" WHERE "id" = ANY(${eventIds}::text[])`));
  return new Map(entries.map((entry) => [entry.id, entry]));
}

function customerIdOf(event: Stripe.Event): string | null {
  const customer = (event.data.object as { customer?: unknown }).customer;
  if (typeof customer === "string") return customer;
  const id = customer && typeof customer === "object" ? (customer as { id?: unknown }).id : null;
  return typeof id === "string" ? id : null;
}

function objectIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === "string" ? object.id : null;
}
