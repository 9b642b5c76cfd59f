// The leanest floor for `npm run bench:webhooks`: a bare node:http server doing only what the webhook route must
// do at minimum — the SDK's signature check, then the app's own one statement (claim as processed + versioned
// upsert + audit, and the billing-email decision for an event that may email, built by
// lib/webhooks/apply-in-one-statement.ts), prepared, on raw pg.
// No redaction, no logging, no framework. Started by scripts/bench-webhooks.ts; prints `listening <port>`.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import { oneRowOf } from "@/lib/webhooks/apply-event";
import { oneStatementSql } from "@/lib/webhooks/apply-in-one-statement";

const databaseUrl = process.env.DATABASE_URL ?? "";
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
const stripe = new Stripe("sk_test_floor", { telemetry: false });
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// The bench stops the database right after this process: a dropped idle connection is not an error here.
pool.on("error", () => undefined);


/** The statement applyInOneStatement sends for this event (the same builders), or the ledger's "ignored" insert. */
function statementFor(event: Stripe.Event): Prisma.Sql {
  const row = oneRowOf(event);
  if (!row) {
    const objectId = (event.data.object as { id?: string }).id ?? null;
    return Prisma.sql`
      INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "processedAt")
      VALUES (${event.id}, ${event.type}, ${event.created}, 'ignored', 1, ${JSON.stringify(event)}::jsonb, ${objectId}, now(), now())
      ON CONFLICT ("id") DO NOTHING`;
  }
  return oneStatementSql(event, row, event);
}

// The app's statement queues the decision of an event's billing emails (a row in "PendingEmailDecision"): the floor
// queues the same row, made never due, since the app's decider shares this database and must not do the floor's.
const QUEUE = `INSERT INTO "PendingEmailDecision" ("eventId") SELECT `;
const NEVER_DUE = `INSERT INTO "PendingEmailDecision" ("runAt", "eventId") SELECT 'infinity'::timestamptz, `;

/** Per statement text: the text the floor sends and its prepared name, worked out once, off the request's path. */
const prepared = new Map<string, { name: string; text: string }>();
function preparedFor(sqlText: string): { name: string; text: string } {
  let statement = prepared.get(sqlText);
  if (statement === undefined) {
    const text = sqlText.replace(QUEUE, NEVER_DUE);
    // A builder that queues the row another way would have the app's decider take the floor's decisions: say so.
    if (text.includes('"PendingEmailDecision"') && !text.includes(NEVER_DUE)) throw new Error("the floor could not make its decision row never due");
    statement = { name: `floor_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`, text };
    prepared.set(sqlText, statement);
  }
  return statement;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(body, req.headers["stripe-signature"] ?? "", secret);
    } catch {
      res.writeHead(400).end('{"error":"invalid"}');
      return;
    }
    const sql = statementFor(event);
    const { name, text } = preparedFor(sql.text);
    pool.query({ name, text, values: sql.values }).then(
      () => res.writeHead(200).end(),
      () => res.writeHead(500).end('{"error":"failed"}'),
    );
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
