// The floor for `npm run bench:webhooks`: a bare node:http server doing only what the webhook route must do at
// minimum — the SDK's signature check, then claim-and-upsert in one transaction with raw pg — on the same
// database. Started by scripts/bench-webhooks.ts; prints `listening <port>` when ready.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import Stripe from "stripe";

const databaseUrl = process.env.DATABASE_URL ?? "";
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
const stripe = new Stripe("sk_test_floor", { telemetry: false });
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// The bench stops the database right after this process: a dropped idle connection is not an error here.
pool.on("error", () => undefined);

type Obj = Record<string, unknown> & { id: string };

async function apply(client: pg.PoolClient, event: Stripe.Event): Promise<void> {
  const object = event.data.object as unknown as Obj;
  const claimed = await client.query(
    `INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt")
     VALUES ($1, $2, $3, 'received', 1, $4::jsonb, $5, now())
     ON CONFLICT ("id") DO UPDATE SET "attempts" = "WebhookEvent"."attempts" + 1, "status" = 'received'
     WHERE "WebhookEvent"."status" IN ('received', 'failed') RETURNING "id"`,
    [event.id, event.type, event.created, JSON.stringify(event), object.id],
  );
  if (claimed.rowCount !== 1) return;
  if (event.type.startsWith("customer.subscription.")) {
    const item = (object.items as { data: { current_period_start: number; current_period_end: number; price: { id: string } }[] }).data[0];
    await client.query(
      `INSERT INTO "Subscription" ("id", "tenantId", "stripeSubscriptionId", "status", "stripePriceId", "currentPeriodStart",
         "currentPeriodEnd", "cancelAtPeriodEnd", "lastEventCreated", "lastEventId", "updatedAt")
       VALUES ($1, (SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = $2), $3, $4::"SubscriptionStatus", $5,
         to_timestamp($6), to_timestamp($7), $8, $9, $10, now())
       ON CONFLICT ("stripeSubscriptionId") DO UPDATE SET "status" = EXCLUDED."status", "stripePriceId" = EXCLUDED."stripePriceId",
         "currentPeriodStart" = EXCLUDED."currentPeriodStart", "currentPeriodEnd" = EXCLUDED."currentPeriodEnd",
         "cancelAtPeriodEnd" = EXCLUDED."cancelAtPeriodEnd", "lastEventCreated" = EXCLUDED."lastEventCreated",
         "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
       WHERE "Subscription"."lastEventCreated" < EXCLUDED."lastEventCreated"`,
      [randomUUID(), object.customer, object.id, object.status, item?.price.id ?? null, item?.current_period_start ?? null,
        item?.current_period_end ?? null, object.cancel_at_period_end, event.created, event.id],
    );
  } else if (event.type.startsWith("invoice.")) {
    await client.query(
      `INSERT INTO "Invoice" ("id", "tenantId", "stripeInvoiceId", "status", "amountDue", "amountPaid", "amountRemaining",
         "total", "currency", "stripeCreatedAt", "lastEventCreated", "lastEventId", "updatedAt")
       VALUES ($1, (SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = $2), $3, $4, $5, $6, $7, $8, $9, to_timestamp($10), $11, $12, now())
       ON CONFLICT ("stripeInvoiceId") DO UPDATE SET "status" = EXCLUDED."status", "amountPaid" = EXCLUDED."amountPaid",
         "amountRemaining" = EXCLUDED."amountRemaining", "lastEventCreated" = EXCLUDED."lastEventCreated",
         "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
       WHERE "Invoice"."lastEventCreated" < EXCLUDED."lastEventCreated"`,
      [randomUUID(), object.customer, object.id, object.status, object.amount_due, object.amount_paid, object.amount_remaining,
        object.total, object.currency, object.created, event.created, event.id],
    );
  } else if (event.type.startsWith("charge.")) {
    await client.query(
      `INSERT INTO "Payment" ("id", "tenantId", "stripeChargeId", "amount", "amountRefunded", "currency", "status",
         "stripeCreatedAt", "lastEventCreated", "lastEventId", "updatedAt")
       VALUES ($1, (SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = $2), $3, $4, $5, $6, $7, to_timestamp($8), $9, $10, now())
       ON CONFLICT ("stripeChargeId") DO UPDATE SET "status" = EXCLUDED."status", "amountRefunded" = EXCLUDED."amountRefunded",
         "lastEventCreated" = EXCLUDED."lastEventCreated", "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
       WHERE "Payment"."lastEventCreated" < EXCLUDED."lastEventCreated"`,
      [randomUUID(), object.customer, object.id, object.amount, object.amount_refunded, object.currency, object.status,
        object.created, event.created, event.id],
    );
  }
  await client.query(`UPDATE "WebhookEvent" SET "status" = 'processed', "processedAt" = now() WHERE "id" = $1`, [event.id]);
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
    void (async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await apply(client, event);
        await client.query("COMMIT");
        res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
      } catch {
        await client.query("ROLLBACK").catch(() => undefined);
        res.writeHead(500).end('{"error":"failed"}');
      } finally {
        client.release();
      }
    })();
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
