import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { handleStripeEvent, type EventOutcome } from "@/lib/webhooks/handle-stripe-event";
import { listEventsSince } from "@/lib/stripe/list-events-since";

export type GapFillReport = {
  since: Date;
  scanned: number;
  missing: number;
  outcomes: Record<EventOutcome, number>;
  /** The events that were missing, oldest first (at most 200 listed). */
  filled: { id: string; type: string; outcome: EventOutcome }[];
};

/**
 * Reads Stripe's Events API from `since` and runs every event our ledger has never seen through the same
 * dispatcher as the webhook route, oldest first (each object read again at the pinned API version). Events the ledger knows (processed, ignored or failed) are left
 * alone: failed ones are the replay button's job.
 */
export async function fillEventGap(since: Date): Promise<GapFillReport> {
  const events: Stripe.Event[] = [];
  for await (const event of listEventsSince(since)) events.push(event);

  const known = new Set<string>();
  for (let i = 0; i < events.length; i += 500) {
    const ids = events.slice(i, i + 500).map((event) => event.id);
    const rows = await getDb().webhookEvent.findMany({ where: { id: { in: ids } }, select: { id: true } });
    for (const row of rows) known.add(row.id);
  }

  const report: GapFillReport = {
    since,
    scanned: events.length,
    missing: 0,
    outcomes: { processed: 0, duplicate: 0, ignored: 0, conflict: 0, unmatched: 0, failed: 0 },
    filled: [],
  };
  for (const event of events) {
    if (known.has(event.id)) continue;
    report.missing += 1;
    // Rendered in the account's default API version: applied from a pinned-version read of its object.
    const result = await handleStripeEvent(event, "events-api");
    report.outcomes[result.outcome] += 1;
    if (report.filled.length < 200) report.filled.push({ id: event.id, type: event.type, outcome: result.outcome });
  }
  return report;
}
