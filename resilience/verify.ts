// After the load: let the emulator finish its deliveries and retries, let the replay command and the gap fill
// complete whatever is left, then compare every row with the emulator (the admin console's drift check plus
// refunds) and check the ledger and audit trail for exactly-once.
import Stripe from "stripe";
import { reconcile } from "@/lib/admin/reconcile";
import { fillEventGap } from "@/lib/admin/fill-event-gap";
import { replayEvent } from "@/lib/webhooks/replay-event";
import type { Cluster } from "./cluster";
import { scalar, type Sql } from "./db";
import { verifyEmails, type EmailFigures } from "./emails";

export type VerifyResult = {
  events: number;
  deliveries: number;
  duplicates: number;
  reorders: number;
  faultsInjected: number;
  replayed: number;
  gapFilled: number;
  drift: number;
  duplicateEffects: number;
  lost: number;
  halfApplied: number;
  failures: string[];
} & Omit<EmailFigures, "failures">;

export async function settleAndVerify(cluster: Cluster, sql: Sql, log: (line: string) => void): Promise<VerifyResult> {
  const failures: string[] = [];
  const settleStarted = Date.now();
  try {
    await cluster.stripe.waitForDeliveries(300_000);
  } catch {
    failures.push("the emulator still had deliveries pending after 300 s");
  }
  const waited = Math.round((Date.now() - settleStarted) / 1000);
  if (waited > 0) log(`deliveries settled after another ${waited} s`);

  const stripe = new Stripe(cluster.secrets.stripeSecretKey, {
    host: new URL(cluster.stripe.url).hostname,
    port: Number(new URL(cluster.stripe.url).port),
    protocol: "http",
    telemetry: false,
  });
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
  events.reverse();

  // What the retries left failed: the replay command's use case, then anything never received: the gap fill.
  const failed = await sql.query<{ id: string }>(`SELECT "id" FROM "WebhookEvent" WHERE "status" = 'failed'`);
  let replayed = 0;
  for (const row of failed.rows) {
    const outcome = await replayEvent(row.id);
    if (outcome.outcome === "processed") replayed += 1;
    else failures.push(`replay of ${row.id}: ${outcome.outcome} ${outcome.error ?? ""}`);
  }
  const gap = await fillEventGap(new Date(0));
  const gapFilled = gap.outcomes.processed + gap.outcomes.ignored;
  if (gap.outcomes.failed > 0) failures.push(`gap fill: ${gap.outcomes.failed} events failed`);
  log(`recovery: ${replayed} failed events replayed, ${gap.missing} never-received events filled from the Events API`);

  // Exactly once: every event has one ledger row, finished; nothing claimed and left hanging.
  const ledger = new Map<string, string>();
  for (let i = 0; i < events.length; i += 1000) {
    const ids = events.slice(i, i + 1000).map((e) => e.id);
    const { rows } = await sql.query<{ id: string; status: string }>(`SELECT "id", "status" FROM "WebhookEvent" WHERE "id" = ANY($1)`, [ids]);
    for (const row of rows) ledger.set(row.id, row.status);
  }
  let lost = 0;
  for (const event of events) {
    const status = ledger.get(event.id);
    if (status !== "processed" && status !== "ignored") {
      lost += 1;
      if (lost <= 10) failures.push(`event ${event.id} (${event.type}): ledger ${status ?? "missing"}`);
    }
  }
  const halfApplied = await scalar(sql, `SELECT count(*) AS n FROM "WebhookEvent" WHERE "status" IN ('received', 'failed')`);

  // Side effects that must happen once: one audit row per (event, action).
  const duplicateEffects = await scalar(
    sql,
    `SELECT count(*) AS n FROM (SELECT 1 FROM "AuditLog" WHERE "actor" LIKE 'stripe:%' GROUP BY "actor", "action", "tenantId" HAVING count(*) > 1) d`,
  );
  if (duplicateEffects > 0) failures.push(`${duplicateEffects} (event, action) pairs audited more than once`);

  // Zero drift: the admin console's check (subscriptions, invoices, charges) and refunds compared directly.
  const report = await reconcile({ repair: false });
  for (const d of report.drifts.slice(0, 10)) {
    failures.push(`drift ${d.kind} ${d.stripeId}: ${d.problem} ${d.diffs.map((x) => `${x.field} ours=${String(x.ours)} stripe=${String(x.stripe)}`).join("; ")}`);
  }
  let refundDrift = 0;
  const ourRefunds = new Map<string, { amount: number; status: string }>();
  for (const row of (await sql.query<{ stripeRefundId: string; amount: number; status: string }>(`SELECT "stripeRefundId", "amount", "status" FROM "Refund"`)).rows) {
    ourRefunds.set(row.stripeRefundId, row);
  }
  let stripeRefunds = 0;
  for await (const refund of stripe.refunds.list({ limit: 100 })) {
    stripeRefunds += 1;
    const ours = ourRefunds.get(refund.id);
    if (!ours || ours.amount !== refund.amount || ours.status !== refund.status) {
      refundDrift += 1;
      if (refundDrift <= 5) failures.push(`drift refund ${refund.id}: ours ${ours ? `${ours.amount} ${ours.status}` : "missing"}, stripe ${refund.amount} ${refund.status}`);
    }
  }
  log(`drift check: ${report.checked.subscription} subscriptions, ${report.checked.invoice} invoices, ${report.checked.charge} charges, ${stripeRefunds} refunds; ${report.drifts.length + refundDrift} drifted`);

  // Delivery figures from the emulator's log.
  const order = new Map(events.map((e, i) => [e.id, i]));
  const deliveries = cluster.stripe.deliveries();
  let reorders = 0;
  let highest = -1;
  for (const d of deliveries) {
    if (d.duplicate || !d.ok) continue;
    const index = order.get(d.event) ?? -1;
    if (index < highest) reorders += 1;
    highest = Math.max(highest, index);
  }
  const faultsInjected = cluster.logs.filter((line) => line.includes("injected fault after the handler")).length;
  const emails = await verifyEmails(cluster, sql, events, log);
  failures.push(...emails.failures);

  return {
    events: events.length,
    deliveries: deliveries.length,
    duplicates: deliveries.filter((d) => d.duplicate).length,
    reorders,
    faultsInjected,
    replayed,
    gapFilled,
    drift: report.drifts.length + refundDrift,
    duplicateEffects,
    lost,
    halfApplied,
    emails: emails.emails,
    duplicateEmails: emails.duplicateEmails,
    resentAfterKill: emails.resentAfterKill,
    lostEmails: emails.lostEmails,
    failures,
  };
}
