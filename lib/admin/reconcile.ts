import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { invoiceFields, paymentFields, subscriptionFields } from "@/lib/stripe/mappers";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { isLiveStatus } from "@/lib/billing/current-subscription";
import { listAllCharges, listAllInvoices, listAllSubscriptions } from "@/lib/stripe/list-all";

// The drift check: pages through every subscription, invoice and charge in Stripe (100 at a time), compares each
// with our row, and reports the differences; with `repair` it writes Stripe's state over ours, one audit row per
// repaired object. Rows we hold that Stripe does not know are reported, never deleted.

export type DriftKind = "subscription" | "invoice" | "charge";
export type FieldDiff = { field: string; ours: Comparable; stripe: Comparable };
type Comparable = string | number | boolean | null;

export type Drift = {
  kind: DriftKind;
  stripeId: string;
  tenantId: string | null;
  problem: "mismatch" | "missing_locally" | "missing_in_stripe" | "multiple_live_subscriptions";
  diffs: FieldDiff[];
  repaired: boolean;
};

export type ReconcileReport = {
  runId: string;
  repair: boolean;
  checked: Record<DriftKind, number>;
  drifts: Drift[];
  repaired: number;
  startedAt: Date;
  finishedAt: Date;
};

type Spec<S, F> = {
  kind: DriftKind;
  table: "Subscription" | "Invoice" | "Payment";
  list: () => AsyncIterable<S>;
  fields: (object: S) => F & { stripeCustomerId: string | null; metadataTenantId: string | null };
  idOf: (fields: F) => string;
  compared: readonly (keyof F & string)[];
  /** Our rows for these Stripe ids, with the compared columns. */
  load: (ids: string[]) => Promise<(Record<string, unknown> & { id: string; tenantId: string; stripeId: string })[]>;
  write: (tx: Tx, row: { id: string } | null, tenantId: string, data: Record<string, unknown>) => Promise<void>;
  localIdsNotIn: (seen: string[]) => Promise<{ stripeId: string; tenantId: string }[]>;
  /** Sees every Stripe object with the tenant it belongs to (null: not ours). */
  observe?: (fields: F, tenantId: string | null) => void;
};

function comparable(value: unknown): Comparable {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return value;
  return JSON.stringify(value);
}

const subscriptionSpec: Spec<Stripe.Subscription, ReturnType<typeof subscriptionFields>> = {
  kind: "subscription",
  table: "Subscription",
  list: listAllSubscriptions,
  fields: subscriptionFields,
  idOf: (f) => f.stripeSubscriptionId,
  compared: [
    "status",
    "stripePriceId",
    "quantity",
    "currentPeriodStart",
    "currentPeriodEnd",
    "cancelAtPeriodEnd",
    "cancelAt",
    "canceledAt",
    "endedAt",
    "trialEnd",
  ],
  load: async (ids) =>
    (await getDb().subscription.findMany({ where: { stripeSubscriptionId: { in: ids } } })).map((r) => ({
      ...r,
      stripeId: r.stripeSubscriptionId,
    })),
  write: async (tx, row, tenantId, data) => {
    const priceId = typeof data.stripePriceId === "string" ? data.stripePriceId : null;
    const plan = priceId ? await tx.plan.findUnique({ where: { stripePriceId: priceId }, select: { id: true } }) : null;
    const values = { ...(data as Prisma.SubscriptionUncheckedUpdateInput), planId: plan?.id ?? null };
    if (row) await tx.subscription.update({ where: { id: row.id }, data: values });
    else await tx.subscription.create({ data: { ...(values as Prisma.SubscriptionUncheckedCreateInput), tenantId } });
  },
  localIdsNotIn: async (seen) =>
    getDb().$queryRaw`SELECT "stripeSubscriptionId" AS "stripeId", "tenantId" FROM "Subscription"
      WHERE NOT ("stripeSubscriptionId" = ANY(${seen}::text[]))`,
};

const invoiceSpec: Spec<Stripe.Invoice, ReturnType<typeof invoiceFields>> = {
  kind: "invoice",
  table: "Invoice",
  list: listAllInvoices,
  fields: invoiceFields,
  idOf: (f) => f.stripeInvoiceId,
  compared: ["status", "amountDue", "amountPaid", "amountRemaining", "total", "attemptCount", "nextPaymentAttempt", "paidAt"],
  load: async (ids) =>
    (await getDb().invoice.findMany({ where: { stripeInvoiceId: { in: ids } } })).map((r) => ({ ...r, stripeId: r.stripeInvoiceId })),
  write: async (tx, row, tenantId, data) => {
    if (row) await tx.invoice.update({ where: { id: row.id }, data: data as Prisma.InvoiceUncheckedUpdateInput });
    else await tx.invoice.create({ data: { ...(data as Prisma.InvoiceUncheckedCreateInput), tenantId } });
  },
  localIdsNotIn: async (seen) =>
    getDb().$queryRaw`SELECT "stripeInvoiceId" AS "stripeId", "tenantId" FROM "Invoice"
      WHERE NOT ("stripeInvoiceId" = ANY(${seen}::text[]))`,
};

const chargeSpec: Spec<Stripe.Charge, ReturnType<typeof paymentFields>> = {
  kind: "charge",
  table: "Payment",
  list: listAllCharges,
  fields: paymentFields,
  idOf: (f) => f.stripeChargeId,
  compared: ["status", "amount", "amountRefunded", "refunded"],
  load: async (ids) =>
    (await getDb().payment.findMany({ where: { stripeChargeId: { in: ids } } })).map((r) => ({ ...r, stripeId: r.stripeChargeId })),
  write: async (tx, row, tenantId, data) => {
    if (row) await tx.payment.update({ where: { id: row.id }, data: data as Prisma.PaymentUncheckedUpdateInput });
    else await tx.payment.create({ data: { ...(data as Prisma.PaymentUncheckedCreateInput), tenantId } });
  },
  localIdsNotIn: async (seen) =>
    getDb().$queryRaw`SELECT "stripeChargeId" AS "stripeId", "tenantId" FROM "Payment"
      WHERE NOT ("stripeChargeId" = ANY(${seen}::text[]))`,
};

/** Stripe ids that belong to no tenant of ours (another app on the same account) are not our drift. */
async function tenantFor(hints: { stripeCustomerId: string | null; metadataTenantId: string | null }): Promise<string | null> {
  if (!hints.stripeCustomerId && !hints.metadataTenantId) return null;
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = ${hints.stripeCustomerId} OR "id" = ${hints.metadataTenantId}
    ORDER BY ("id" = ${hints.metadataTenantId}) DESC LIMIT 1`;
  return rows[0]?.id ?? null;
}

const DB_COLUMNS = new Set([
  "stripeSubscriptionId", "status", "stripePriceId", "quantity", "currentPeriodStart", "currentPeriodEnd", "cancelAtPeriodEnd",
  "cancelAt", "canceledAt", "endedAt", "trialEnd", "defaultPaymentMethod", "latestInvoiceId",
  "stripeInvoiceId", "billingReason", "amountDue", "amountPaid", "amountRemaining", "total", "currency", "attemptCount",
  "nextPaymentAttempt", "hostedInvoiceUrl", "invoicePdf", "periodStart", "periodEnd", "stripeCreatedAt", "paidAt",
  "stripeChargeId", "stripePaymentIntentId", "amount", "amountRefunded", "refunded", "failureCode", "failureMessage",
  "cardBrand", "cardLast4", "receiptUrl",
]);

/** The mapped Stripe fields that are columns of our row (mappers also return routing hints). */
function columnsOf(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => DB_COLUMNS.has(key)));
}

async function check<S, F extends object>(
  spec: Spec<S, F>,
  options: { repair: boolean; actor: string; runId: string; versionSeconds: number },
  report: ReconcileReport,
): Promise<void> {
  const seen: string[] = [];
  let batch: S[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const mapped = batch.map((object) => spec.fields(object));
    batch = [];
    const rows = new Map((await spec.load(mapped.map((f) => spec.idOf(f)))).map((row) => [row.stripeId, row]));
    for (const fields of mapped) {
      const stripeId = spec.idOf(fields);
      seen.push(stripeId);
      report.checked[spec.kind] += 1;
      const row = rows.get(stripeId) ?? null;
      let tenantId: string | null = row?.tenantId ?? null;
      let drift: Drift;
      if (!row) tenantId = await tenantFor(fields);
      spec.observe?.(fields, tenantId);
      if (!row) {
        if (!tenantId) continue;
        drift = { kind: spec.kind, stripeId, tenantId, problem: "missing_locally", diffs: [], repaired: false };
      } else {
        const diffs: FieldDiff[] = [];
        for (const field of spec.compared) {
          const ours = comparable(row[field]);
          const theirs = comparable(fields[field]);
          if (ours !== theirs) diffs.push({ field, ours, stripe: theirs });
        }
        if (diffs.length === 0) continue;
        drift = { kind: spec.kind, stripeId, tenantId, problem: "mismatch", diffs, repaired: false };
      }
      if (options.repair && tenantId) {
        drift.repaired = await repairOne(spec, drift, row, tenantId, columnsOf(fields), options);
        if (drift.repaired) report.repaired += 1;
      }
      report.drifts.push(drift);
    }
  };
  for await (const object of spec.list()) {
    batch.push(object);
    if (batch.length >= 100) await flush();
  }
  await flush();
  for (const orphan of await spec.localIdsNotIn(seen)) {
    report.drifts.push({ kind: spec.kind, stripeId: orphan.stripeId, tenantId: orphan.tenantId, problem: "missing_in_stripe", diffs: [], repaired: false });
  }
}

async function repairOne<S, F>(
  spec: Spec<S, F>,
  drift: Drift,
  row: { id: string } | null,
  tenantId: string,
  data: Record<string, unknown>,
  options: { actor: string; runId: string; versionSeconds: number },
): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    if (row) {
      const [locked] = await tx.$queryRawUnsafe<{ lastEventCreated: number }[]>(
        `SELECT "lastEventCreated" FROM "${spec.table}" WHERE "id" = $1 FOR UPDATE`,
        row.id,
      );
      // An event newer than this run's reads arrived meanwhile: it is the truth now, leave the row alone.
      if (!locked || locked.lastEventCreated > options.versionSeconds) return false;
    }
    // Versioned like an event read fresh from Stripe at the start of the run, so an older delivery still in
    // flight cannot overwrite the repair, and a newer one still wins.
    const version = { lastEventCreated: options.versionSeconds, lastEventId: `reconcile:${options.runId}` };
    await spec.write(tx, row, tenantId, { ...data, ...version });
    await recordAudit(tx, {
      tenantId,
      actor: options.actor,
      action: drift.problem === "missing_locally" ? `reconcile.${spec.kind}_created` : `reconcile.${spec.kind}_repaired`,
      before: drift.problem === "missing_locally" ? null : { stripeId: drift.stripeId, ...Object.fromEntries(drift.diffs.map((d) => [d.field, d.ours])) },
      after: { stripeId: drift.stripeId, ...Object.fromEntries(drift.diffs.map((d) => [d.field, d.stripe])) },
      reason: `drift check ${options.runId}`,
    });
    return true;
  });
}

export async function reconcile(options: { repair: boolean; actor?: string }): Promise<ReconcileReport> {
  const runId = randomUUID();
  const startedAt = new Date();
  const report: ReconcileReport = {
    runId,
    repair: options.repair,
    checked: { subscription: 0, invoice: 0, charge: 0 },
    drifts: [],
    repaired: 0,
    startedAt,
    finishedAt: startedAt,
  };
  const run = { repair: options.repair, actor: options.actor ?? "system", runId, versionSeconds: Math.floor(startedAt.getTime() / 1000) };
  // A tenant must hold at most one live subscription in Stripe; more is reported (never "repaired" here: the
  // webhook handling cancels and refunds the newer one, and an admin decides for what it could not).
  const liveByTenant = new Map<string, { customerId: string | null; ids: string[] }>();
  const observe = (fields: ReturnType<typeof subscriptionFields>, tenantId: string | null) => {
    if (!tenantId || !isLiveStatus(fields.status)) return;
    const entry = liveByTenant.get(tenantId) ?? { customerId: fields.stripeCustomerId, ids: [] };
    entry.ids.push(fields.stripeSubscriptionId);
    liveByTenant.set(tenantId, entry);
  };
  await check({ ...subscriptionSpec, observe }, run, report);
  for (const [tenantId, entry] of liveByTenant) {
    if (entry.ids.length < 2) continue;
    report.drifts.push({
      kind: "subscription",
      stripeId: entry.customerId ?? entry.ids.join(","),
      tenantId,
      problem: "multiple_live_subscriptions",
      diffs: [{ field: "live subscriptions", ours: null, stripe: entry.ids.sort().join(", ") }],
      repaired: false,
    });
  }
  await check(invoiceSpec, run, report);
  await check(chargeSpec, run, report);
  report.finishedAt = new Date();
  return report;
}
