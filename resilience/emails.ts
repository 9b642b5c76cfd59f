// Emails per triggering event, after the load: every receipt a paid invoice called for was sent exactly once, across
// instances that were SIGKILLed mid-run (their workers with them) and duplicated, reordered, failing deliveries.
// "Duplicate" counts a Message-ID the catcher received more than once (the outbox gives every attempt of one email
// the same id); "lost" counts emails decided but never received, and paid invoices with no receipt decided.
import type Stripe from "stripe";
import type { Cluster } from "./cluster";
import { scalar, type Sql } from "./db";

export type EmailFigures = { emails: number; duplicateEmails: number; lostEmails: number; failures: string[] };

/** A killed sender's email waits for its lease (2 min) and the next requeue tick (1 min); a killed decider's job 1 min. */
const DRAIN_TIMEOUT_MS = 240_000;

export async function verifyEmails(cluster: Cluster, sql: Sql, events: Stripe.Event[], log: (line: string) => void): Promise<EmailFigures> {
  const failures: string[] = [];
  const started = Date.now();
  let pending = Infinity;
  while (Date.now() - started < DRAIN_TIMEOUT_MS) {
    // Billing emails are decided by a job after the event is applied: a job still waiting has emails to come.
    pending =
      (await scalar(sql, `SELECT count(*) AS n FROM "Email" WHERE "status" IN ('queued', 'sending', 'retrying')`)) +
      (await scalar(sql, `SELECT count(*) AS n FROM graphile_worker.jobs WHERE "task_identifier" = 'billing-emails'`));
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  log(`emails: outbox drained in ${Math.round((Date.now() - started) / 1000)} s (${pending} still pending)`);

  const rows = (await sql.query<{ key: string; status: string; messageId: string }>(`SELECT "key", "status", "messageId" FROM "Email"`)).rows;
  const received = new Map<string, number>();
  for (const message of cluster.mail.messages()) {
    if (message.messageId) received.set(message.messageId, (received.get(message.messageId) ?? 0) + 1);
  }
  let lostEmails = 0;
  let duplicateEmails = 0;
  for (const row of rows) {
    const copies = received.get(row.messageId) ?? 0;
    if (copies === 0) {
      lostEmails += 1;
      if (lostEmails <= 10) failures.push(`email ${row.key}: ${row.status}, never received`);
    }
    if (copies > 1) {
      duplicateEmails += copies - 1;
      failures.push(`email ${row.key}: received ${copies} times`);
    }
  }
  // Every paid invoice of a load tenant decided its receipt (the owner is the only recipient).
  const decided = new Set(rows.map((row) => row.key.split("|")[0]));
  const linked = new Set((await sql.query<{ id: string }>(`SELECT "stripeCustomerId" AS id FROM "Tenant" WHERE "stripeCustomerId" IS NOT NULL`)).rows.map((r) => r.id));
  for (const event of events) {
    if (event.type !== "invoice.paid") continue;
    const invoice = event.data.object as Stripe.Invoice;
    const customer = typeof invoice.customer === "string" ? invoice.customer : invoice.customer?.id;
    if (invoice.amount_paid <= 0 || !customer || !linked.has(customer) || decided.has(event.id)) continue;
    lostEmails += 1;
    if (lostEmails <= 20) failures.push(`event ${event.id} (invoice.paid ${invoice.id}): no receipt decided`);
  }
  return { emails: cluster.mail.messages().length, duplicateEmails, lostEmails, failures };
}
