import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { getLogger } from "@/lib/log";
import type { HandlerContext } from "./handler-context";
import { isHandledEvent, runHandler } from "./handlers";
import { claimProcessed, recordFailure, recordIgnored } from "./ledger";
import { redactError, redactPayload } from "./redact-payload";

export type EventOutcome = "processed" | "duplicate" | "ignored" | "failed";

export type HandleResult = { outcome: EventOutcome; tenantId?: string | null; error?: string };

// Refetches from Stripe may run inside the transaction; allow for them, and for a queue of duplicates.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Thrown to roll back a copy's writes when the ledger shows another copy already processed the event. */
class DuplicateEvent extends Error {
  constructor() {
    super("duplicate event");
    this.name = "DuplicateEvent";
  }
}

/**
 * The one entry point for a verified Stripe event: apply it and claim it in the ledger in one transaction,
 * so it takes effect exactly once however often and however concurrently it is delivered. The claim comes
 * last so that it shares a round trip with the audit rows and the processed mark.
 */
export async function handleStripeEvent(event: Stripe.Event): Promise<HandleResult> {
  const started = performance.now();
  const payload = redactPayload(event);
  let result: HandleResult;
  if (!isHandledEvent(event)) {
    await recordIgnored(event, payload);
    result = { outcome: "ignored" };
  } else {
    try {
      const { tenantId } = await getDb().$transaction(async (tx) => {
        const ctx: HandlerContext = {
          tx,
          event,
          version: { created: event.created, eventId: event.id },
          actor: `stripe:${event.id}`,
          audits: [],
        };
        const handled = await runHandler(event, ctx);
        if (!(await claimProcessed(tx, event, payload, { tenantId: handled.tenantId, actor: ctx.actor, audits: ctx.audits }))) {
          throw new DuplicateEvent();
        }
        return handled;
      }, TRANSACTION_OPTIONS);
      result = { outcome: "processed", tenantId };
    } catch (error) {
      if (error instanceof DuplicateEvent) {
        result = { outcome: "duplicate" };
      } else {
        const message = redactError(error);
        // A copy whose handler failed after another copy processed the event is still only a duplicate.
        result = (await recordFailure(event, payload, message))
          ? { outcome: "failed", error: message }
          : { outcome: "duplicate" };
      }
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
