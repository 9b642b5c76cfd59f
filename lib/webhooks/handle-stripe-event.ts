import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { getLogger } from "@/lib/log";
import type { HandlerContext } from "./handler-context";
import { applyEvent, oneRowOf, runEffects } from "./apply-event";
import { applyInOneStatement } from "./apply-in-one-statement";
import { atPinnedVersion, needsPinnedRefetch, type EventSource } from "./at-pinned-version";
import { isHandledEvent, type HandledEvent } from "./event-registry";
import { claimEvent, listUnmatchedEvents, markProcessed, recordFailure, recordIgnored, recordParked } from "./ledger";
import { ParkedEventError } from "@/lib/records/parked-event";
import { retrieveEvent } from "@/lib/stripe/retrieve-event";
import { isTruncatedPayload, redactError, redactPayload } from "./redact-payload";
import { lockVersionedRow } from "@/lib/records/versioned-row";
import { mayCauseBillingEmail } from "@/lib/mail/billing-emails";
import { kickEmailDecisions, queueEmailDecision } from "./email-decisions";

/** "conflict" and "unmatched": parked in the ledger, changing nothing, and answered 200 (parked-event.ts). */
export type EventOutcome = "processed" | "duplicate" | "ignored" | "conflict" | "unmatched" | "failed";

/** The response header that tells a sender what became of an accepted delivery: processed, duplicate or ignored. */
export const WEBHOOK_OUTCOME_HEADER = "webhook-outcome";

export type HandleOptions = {
  /** Write the event's log line on the next turn of the event loop, once the caller has answered the delivery. */
  logAfterAnswer?: boolean;
};

export type HandleResult = { outcome: EventOutcome; tenantId?: string | null; error?: string; linkedCustomerIds?: string[] };

// Refetches from Stripe may run inside the transaction; allow for them, and for a queue of duplicates.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * The one entry point for a verified Stripe event: claim it in the ledger and apply it atomically, so it takes
 * effect exactly once however often and however concurrently it is delivered. One statement does it for most
 * events (`applyInOneStatement`); the rest, and whatever that statement declines, run in a transaction.
 */
export async function handleStripeEvent(
  event: Stripe.Event,
  source: EventSource = "webhook",
  options: HandleOptions = {},
): Promise<HandleResult> {
  const started = performance.now();
  let result: HandleResult;
  if (!isHandledEvent(event)) {
    // Nothing of an ignored type is kept but its id, type and time: no payload, no personal data.
    await recordIgnored(event);
    result = { outcome: "ignored" };
  } else {
    let payload = redactPayload(event);
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
      // After the commit: the registry's effects (a subscription that just went live closes the tenant's other
      // attempts and duplicates), and the decision of its billing emails that the claim queued.
      if (result.outcome === "processed") {
        await runEffects(pinned);
        if (mayCauseBillingEmail(pinned)) kickEmailDecisions();
      }
    } catch (error) {
      const message = redactError(error);
      if (error instanceof ParkedEventError) {
        await recordParked(event, payload, error.kind, message);
        result = { outcome: error.kind, error: message };
      } else {
        await recordFailure(event, payload, message);
        result = { outcome: "failed", error: message };
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
  const log = () => {
    if (result.outcome === "failed") getLogger().error(line, "stripe event");
    else if (result.outcome === "conflict" || result.outcome === "unmatched") getLogger().warn(line, "stripe event parked");
    else getLogger().info(line, "stripe event");
  };
  // A delivery's answer goes out first: the line (redacted, serialised, written) is not on the sender's clock.
  if (options.logAfterAnswer) setImmediate(log);
  else log();
  for (const customerId of result.linkedCustomerIds ?? []) await applyParkedEvents(customerId);
  return result;
}

/**
 * Applies the events parked as "unmatched" for a customer that has just been linked to a tenant, oldest first,
 * each in its own transaction as if redelivered. Called after the linking transaction commits.
 */
export async function applyParkedEvents(stripeCustomerId: string): Promise<HandleResult[]> {
  const results: HandleResult[] = [];
  for (const parked of await listUnmatchedEvents(stripeCustomerId)) {
    const complete = parked.payload && typeof parked.payload === "object" && !isTruncatedPayload(parked.payload);
    // An oversized event was stored as a stub: Stripe's Events API still has it (30 days).
    const event = complete ? (parked.payload as Stripe.Event) : await retrieveEvent(parked.id).catch(() => null);
    if (event) results.push(await handleStripeEvent(event));
  }
  return results;
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
      linkedCustomerIds: [],
    };
    const { tenantId } = await applyEvent(event, ctx);
    await queueEmailDecision(tx, event, tenantId);
    await markProcessed(tx, event.id, { tenantId, actor: ctx.actor, audits: ctx.audits });
    return { tenantId, linkedCustomerIds: ctx.linkedCustomerIds };
  }, TRANSACTION_OPTIONS);
  return applied ? { outcome: "processed", ...applied } : { outcome: "duplicate" };
}
