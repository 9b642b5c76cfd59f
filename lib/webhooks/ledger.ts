import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import type { AuditEntry, Tx } from "./handler-context";

// The processed-events ledger (model WebhookEvent). The Stripe event id is the primary key and the idempotency key.

/**
 * The last statement of the transaction that applies an event: claims the event id, writes the event's audit
 * rows and marks it processed, in one round trip. Claiming last still serializes copies: a second copy's
 * insert waits on the first's uncommitted ledger row, then finds it processed and returns false, and the
 * caller rolls its writes back (the handlers' row locks and version guards make those writes no-ops anyway).
 * ON CONFLICT means no copy ever fails on the unique key.
 */
export async function claimProcessed(
  tx: Tx,
  event: Stripe.Event,
  payload: object,
  result: { tenantId: string | null; actor: string; audits: readonly AuditEntry[] },
): Promise<boolean> {
  const audits = result.audits.map((entry) => ({
    id: randomUUID(),
    tenantId: entry.tenantId,
    actor: result.actor,
    action: entry.action,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  }));
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH "claimed" AS (
      INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "processedAt", "tenantId")
      VALUES (${event.id}, ${event.type}, ${event.created}, 'processed', 1, ${JSON.stringify(payload)}::jsonb, ${objectIdOf(event)}, now(), now(), ${result.tenantId})
      ON CONFLICT ("id") DO UPDATE SET "attempts" = "WebhookEvent"."attempts" + 1, "status" = 'processed',
        "processedAt" = now(), "lastError" = NULL, "tenantId" = EXCLUDED."tenantId"
      WHERE "WebhookEvent"."status" IN ('received', 'failed')
      RETURNING "id"
    ), "audit" AS (
      INSERT INTO "AuditLog" ("id", "tenantId", "actor", "action", "before", "after", "reason")
      SELECT a."id", a."tenantId", a."actor", a."action", a."before", a."after", a."reason"
      FROM jsonb_to_recordset(${JSON.stringify(audits)}::jsonb)
        AS a("id" text, "tenantId" text, "actor" text, "action" text, "before" jsonb, "after" jsonb, "reason" text)
      WHERE EXISTS (SELECT 1 FROM "claimed")
    )
    SELECT "id" FROM "claimed"`;
  return rows.length === 1;
}

/** Types we do not handle are acknowledged and recorded once, never re-run. */
export async function recordIgnored(event: Stripe.Event, payload: object): Promise<void> {
  await getDb().$executeRaw`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "processedAt")
    VALUES (${event.id}, ${event.type}, ${event.created}, 'ignored', 1, ${JSON.stringify(payload)}::jsonb, ${objectIdOf(event)}, now(), now())
    ON CONFLICT ("id") DO NOTHING`;
}

/**
 * After the applying transaction rolled back: a separate write so the failure survives. Never downgrades an
 * event another copy has processed (false then: this copy was a duplicate).
 */
export async function recordFailure(event: Stripe.Event, payload: object, error: string): Promise<boolean> {
  const written = await getDb().$executeRaw`
    INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "lastError")
    VALUES (${event.id}, ${event.type}, ${event.created}, 'failed', 1, ${JSON.stringify(payload)}::jsonb, ${objectIdOf(event)}, now(), ${error})
    ON CONFLICT ("id") DO UPDATE SET "status" = 'failed', "attempts" = "WebhookEvent"."attempts" + 1, "lastError" = EXCLUDED."lastError"
    WHERE "WebhookEvent"."status" IN ('received', 'failed')`;
  return written === 1;
}

export type LedgerEntry = {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  payload: unknown;
};

export async function getLedgerEntry(eventId: string): Promise<LedgerEntry | null> {
  return getDb().webhookEvent.findUnique({
    where: { id: eventId },
    select: { id: true, type: true, status: true, attempts: true, lastError: true, payload: true },
  });
}

function objectIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === "string" ? object.id : null;
}
