// The statements `npm run bench:webhooks` has its floor and Flask targets send: the app's own, from the app's own
// builders, so every target does the same database work and the comparison is of what serves it. An event with a
// one-statement record gets the fast path's statement (lib/webhooks/apply-in-one-statement.ts), any other the
// ledger's "ignored" insert (lib/webhooks/ledger.ts), as lib/webhooks/handle-stripe-event.ts chooses for the
// bench's mix. One change: the decision row an emailing event queues is made never due, since the app's decider
// shares the database and must not do the other targets' decisions.
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { toPoolParameter } from "@/lib/db/client";
import { oneRowOf } from "@/lib/webhooks/apply-event";
import { oneStatementSql, outcomeOf } from "@/lib/webhooks/apply-in-one-statement";
import type { RowWriteResult } from "@/lib/records/versioned-row";
import { ignoredEventSql } from "@/lib/webhooks/ledger";
import { redactPayload } from "@/lib/webhooks/redact-payload";

const QUEUE = `INSERT INTO "PendingEmailDecision" ("eventId") SELECT `;
const NEVER_DUE = `INSERT INTO "PendingEmailDecision" ("runAt", "eventId") SELECT 'infinity'::timestamptz, `;

export type BenchStatement = {
  name: string;
  text: string;
  values: unknown[];
  /**
   * From the statement's answer: whether it left the event to the app's transactional path (it raced a first write
   * of the same object and saw the row from before it). These targets have no such path: sent again, the statement
   * sees the committed row and settles the event, as that path would.
   */
  declined: (answer: RowWriteResult | undefined) => boolean;
};

/** Per statement text of the app's: the text the other targets send, and its prepared name, worked out once. */
const rewritten = new Map<string, { name: string; text: string }>();

function rewrite(appText: string): { name: string; text: string } {
  let statement = rewritten.get(appText);
  if (statement === undefined) {
    const text = appText.replace(QUEUE, NEVER_DUE);
    // A builder that queued the row another way would have the app's decider take these targets' decisions: say so.
    if (text.includes('"PendingEmailDecision"') && !text.includes(NEVER_DUE)) throw new Error("could not make the decision row never due");
    statement = { name: `bench_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`, text };
    rewritten.set(appText, statement);
  }
  return statement;
}

/** The app's statement for `event`, as the floor and Flask targets send it. */
export function benchStatementFor(event: Stripe.Event): BenchStatement {
  const row = oneRowOf(event);
  const sql = row ? oneStatementSql(event, row, redactPayload(event)) : ignoredEventSql(event);
  return {
    ...rewrite(sql.text),
    // As `queryOnPool` sends them (a Date as UTC text), so the floor and the Flask check see the app's values.
    values: sql.values.map(toPoolParameter),
    declined: (answer) => !!row && !!answer && outcomeOf(event, row, answer).outcome === "declined",
  };
}
