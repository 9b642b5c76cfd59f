// The leanest floor for `npm run bench:webhooks`: a bare node:http server doing only what the webhook route must
// do at minimum — the SDK's signature check, then the app's own statement for the event (claim as processed +
// versioned upsert + audit, and the billing-email decision for an event that may email, or the ledger's "ignored"
// insert: scripts/bench/webhook-statements.ts, with the payload redacted as the ledger keeps it), prepared, on raw
// pg. No logging, no framework. Started by scripts/bench-webhooks.ts; prints `listening <port>`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import Stripe from "stripe";
import type { RowWriteResult } from "@/lib/records/versioned-row";
import { benchStatementFor } from "./bench/webhook-statements";

const databaseUrl = process.env.DATABASE_URL ?? "";
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
const stripe = new Stripe("sk_test_floor", { telemetry: false });
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// The bench stops the database right after this process: a dropped idle connection is not an error here.
pool.on("error", () => undefined);

/** The app's statement for the event, sent again while it declines (at most three times, then a 500). */
async function apply(event: Stripe.Event): Promise<void> {
  const { name, text, values, declined } = benchStatementFor(event);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { rows } = await pool.query<RowWriteResult>({ name, text, values });
    if (!declined(rows[0])) return;
  }
  throw new Error(`${event.id}: declined three times`);
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
    apply(event).then(
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
