import "server-only";
import type Stripe from "stripe";
import { retrieveEvent } from "@/lib/stripe/retrieve-event";
import { handleStripeEvent, type HandleResult } from "./handle-stripe-event";
import { getLedgerEntry } from "./ledger";

export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayError";
  }
}

export type ReplayResult = HandleResult & { source: "stripe" | "ledger" };

/**
 * Re-runs a failed event (CLI `npm run webhooks:replay`, admin console). The event is read again from
 * Stripe's Events API when reachable (the full, unredacted original); otherwise from the ledger's copy.
 * A processed or ignored event is not re-applied: the ledger answers it as a duplicate.
 */
export async function replayEvent(eventId: string): Promise<ReplayResult> {
  const entry = await getLedgerEntry(eventId);
  if (!entry) throw new ReplayError(`No ledger entry for ${eventId}`);
  if (entry.status === "processed" || entry.status === "ignored") return { outcome: "duplicate", source: "ledger" };

  let event: Stripe.Event;
  let source: ReplayResult["source"];
  try {
    event = await retrieveEvent(eventId);
    source = "stripe";
  } catch {
    // Events older than 30 days, or Stripe unreachable: the redacted copy holds everything handlers read.
    if (!entry.payload) throw new ReplayError(`${eventId}: Stripe is unreachable and the ledger's copy was dropped (retention)`);
    event = entry.payload as Stripe.Event;
    source = "ledger";
  }
  // The Events API renders in the account's default version: that copy is applied from a pinned-version read.
  return { ...(await handleStripeEvent(event, source === "stripe" ? "events-api" : "webhook")), source };
}
