// Emails per triggering event, after the load: every receipt a paid invoice called for was sent exactly once, across
// instances that were SIGKILLed mid-run (their workers with them) and duplicated, reordered, failing deliveries.
// "Duplicate" counts a Message-ID the catcher received more than once (the outbox gives every attempt of one email
// the same id); "lost" counts emails decided but never received, and paid invoices with no receipt decided.
import type Stripe from "stripe";
import type { Cluster } from "./cluster";
import { scalar, type Sql } from "./db";

export type EmailFigures = { emails: number; duplicateEmails: number; resentAfterKill: number; lostEmails: number; failures: string[] };

/**
 * The one duplicate the outbox allows (lib/mail/send-email.ts): an instance SIGKILLed after the SMTP server accepted
 * the message and before its "sent" mark committed; the next attempt sends it again under the same Message-ID (mail
 * clients drop the copy). The first copy then arrived at most this long before the kill (or, as recorded, after
 * it): the window is one UPDATE, and a loaded 2-core machine can stretch it to a few hundred milliseconds.
 */
const KILL_WINDOW_MS = 2_000;

/** A killed sender's email waits for its lease (2 min) and the next requeue tick (1 min); a killed decider's
 * decision for its lease (1 min) and the next sweep (1 min). */
const DRAIN_TIMEOUT_MS = 240_000;

export async function verifyEmails(cluster: Cluster, sql: Sql, events: Stripe.Event[], log: (line: string) => void): Promise<EmailFigures> {
  const failures: string[] = [];
  const started = Date.now();
  let pending = Infinity;
  while (Date.now() - started < DRAIN_TIMEOUT_MS) {
    // Billing emails are decided after the event is applied: a decision still waiting has emails to come.
    pending =
      (await scalar(sql, `SELECT count(*) AS n FROM "Email" WHERE "status" IN ('queued', 'sending', 'retrying')`)) +
      (await scalar(sql, `SELECT count(*) AS n FROM "PendingEmailDecision"`));
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  log(`emails: outbox drained in ${Math.round((Date.now() - started) / 1000)} s (${pending} still pending)`);
  if (pending > 0) {
    // What is still waiting, and why: a row left here is either a slow retry or a stuck one.
    const waiting = await sql.query<{ what: string }>(
      `SELECT 'email ' || "key" || ': ' || "status" || ', attempts ' || "attempts" || ', lease until ' || coalesce("leaseUntil"::text, '-') AS what
         FROM "Email" WHERE "status" IN ('queued', 'sending', 'retrying')
       UNION ALL
       SELECT 'decision ' || "eventId" || ': attempts ' || "attempts" || ', due ' || "runAt"::text ||
              ', last error ' || coalesce(left("lastError", 200), '-')
         FROM "PendingEmailDecision"`,
    );
    for (const row of waiting.rows) log(`emails: still waiting: ${row.what}`);
  }

  const rows = (await sql.query<{ key: string; status: string; messageId: string }>(`SELECT "key", "status", "messageId" FROM "Email"`)).rows;
  const received = new Map<string, number[]>();
  for (const message of cluster.mail.messages()) {
    if (message.messageId) received.set(message.messageId, [...(received.get(message.messageId) ?? []), Date.parse(message.receivedAt)]);
  }
  let lostEmails = 0;
  let duplicateEmails = 0;
  let resentAfterKill = 0;
  for (const row of rows) {
    const arrivals = received.get(row.messageId) ?? [];
    if (arrivals.length === 0) {
      lostEmails += 1;
      if (lostEmails <= 10) failures.push(`email ${row.key}: ${row.status}, never received`);
    }
    if (arrivals.length === 2 && resentAcrossKill(arrivals, cluster.killedAt)) {
      resentAfterKill += 1;
      log(`emails: ${row.key} sent again after the SIGKILL that followed its first copy (same Message-ID)`);
    } else if (arrivals.length > 1) {
      duplicateEmails += arrivals.length - 1;
      const near = (at: number) => cluster.killedAt.map((kill) => `${at - kill > 0 ? "+" : ""}${at - kill} ms`).join(" / ") || "no kill";
      failures.push(`email ${row.key}: received ${arrivals.length} times (${arrivals.map(near).join("; ")} from each SIGKILL)`);
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
  return { emails: cluster.mail.messages().length, duplicateEmails, resentAfterKill, lostEmails, failures };
}

/**
 * Two copies, the first within the window around a SIGKILL and the second after that window. The first may be
 * recorded a little after the kill: the sender's last bytes were already in the socket when it died, and the catcher
 * stamps a message once it has parsed it, on the suite's own busy event loop. (A run here failed on such a pair: the
 * killed instance's email requeued by the stalled-email sweep once its lease ran out.)
 */
export function resentAcrossKill([first = 0, second = 0]: number[], killedAt: readonly number[]): boolean {
  return killedAt.some((kill) => Math.abs(first - kill) <= KILL_WINDOW_MS && second > kill + KILL_WINDOW_MS);
}
