import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { getLogger } from "@/lib/log";
import type { HandlerContext } from "./handler-context";
import { applyInOneStatement, oneRowOf } from "./apply-in-one-statement";
import { atPinnedVersion, needsPinnedRefetch, type EventSource } from "./at-pinned-version";
import { isHandledEvent, runHandler, type HandledEvent } from "./handlers";
import { claimEvent, markProcessed, recordFailure, recordIgnored } from "./ledger";
import { redactError, redactPayload } from "./redact-payload";
import { lockVersionedRow } from "./sync/versioned-row";

export type EventOutcome = "processed" | "duplicate" | "ignored" | "failed";

/** The response header that tells a sender what became of an accepted delivery: processed, duplicate or ignored. */
export const WEBHOOK_OUTCOME_HEADER = "webhook-outcome";

export type HandleResult = { outcome: EventOutcome; tenantId?: string | null; error?: string };

// Refetches from Stripe may run inside the transaction; allow for them, and for a queue of duplicates.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * The one entry point for a verified Stripe event: claim it in the ledger and apply it atomically, so it takes
 * effect exactly once however often and however concurrently it is delivered. One statement does it for most
 * events (`applyInOneStatement`); the rest, and whatever that statement declines, run in a transaction.
 */
export async function handleStripeEvent(event: Stripe.Event, source: EventSource = "webhook"): Promise<HandleResult> {
  const started = performance.now();
  let payload = redactPayload(event);
  let result: HandleResult;
  if (!isHandledEvent(event)) {
    await recordIgnored(event, payload);
    result = { outcome: "ignored" };
  } else {
    try {
      // A payload in another API version is never mapped: the object is read at the pinned version instead,
      // then takes the same paths (and the ledger keeps that pinned copy, so a replay from it maps correctly).
      let pinned: HandledEvent = event;
      if (needsPinnedRefetch(event, source)) {
        pinned = await atPinnedVersion(event);
        payload = redactPayload(pinned);
      }
      const fast = await applyInOneStatement(pinned, payload);
      result = fast.outcome === "declined" ? await applyInTransaction(pinned, payload) : fast;
    } catch (error) {
      const message = redactError(error);
      await recordFailure(event, payload, message);
      result = { outcome: "failed", error: message };
    }
  }
  const line = {
    eventId: event.id,
    type: event.type,
    outcome: result.outcome,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    ...(result.error && { error: result.error }),
  };
  if (result.outcome === "failed") getLogger().error(line, "stripe event");
  else getLogger().info(line, "stripe event");
  return result;
}

async function applyInTransaction(event: HandledEvent, payload: object): Promise<HandleResult> {
  const row = oneRowOf(event);
  const applied = await getDb().$transaction(async (tx) => {
    if (row) await lockVersionedRow(tx, row);
    if (!(await claimEvent(tx, event, payload))) return null;
    const ctx: HandlerContext = {
      tx,
      event,
      version: { created: event.created, eventId: event.id },
      actor: `stripe:${event.id}`,
      audits: [],
    };
    const { tenantId } = await runHandler(event, ctx);
    await markProcessed(tx, event.id, { tenantId, actor: ctx.actor, audits: ctx.audits });
    return { tenantId };
  }, TRANSACTION_OPTIONS);
  return applied ? { outcome: "processed", tenantId: applied.tenantId } : { outcome: "duplicate" };
}
