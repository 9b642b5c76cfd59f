import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { invoiceFields, paymentFields, subscriptionFields } from "@/lib/stripe/mappers";
import { isLiveStatus } from "@/lib/billing/current-subscription";
import { INVOICE_DRIFT_COLUMNS, invoiceRow } from "@/lib/records/invoice-record";
import { PAYMENT_DRIFT_COLUMNS, paymentRow } from "@/lib/records/payment-record";
import { SUBSCRIPTION_DRIFT_COLUMNS, subscriptionRow } from "@/lib/records/subscription-record";
import { findTenantId } from "@/lib/records/tenant-of";
import { writeVersionedRow, type VersionedRow } from "@/lib/records/versioned-row";
import { listAllCharges, listAllInvoices, listAllSubscriptions } from "@/lib/stripe/list-all";

// The drift check: pages through every subscription, invoice and charge in Stripe (100 at a time), compares each
// with our row, and reports the differences; with `repair` it writes Stripe's state over ours, one audit row per
// repaired object, through the same record modules and statement as the webhooks (lib/records). Rows we hold
// that Stripe does not know are reported, never deleted.

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
  /** The record module's row for these fields: a repair is its versioned write. */
  rowOf: (fields: F) => VersionedRow;
  localIdsNotIn: (seen: string[]) => Promise<{ stripeId: string; tenantId: string }[]>;
  /** Sees every Stripe object with the tenant it belongs to (null: not ours). */
  observe?: (fields: F, tenantId: string | null) => void;
};

function comparable(value: unknown): Comparable {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return value;
  return canonicalJson(value);
}

/** JSON with each object's keys sorted: a jsonb column gives them back in its own order, not the mapper's. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const subscriptionSpec: Spec<Stripe.Subscription, ReturnType<typeof subscriptionFields>> = {
  kind: "subscription",
  table: "Subscription",
  list: listAllSubscriptions,
  fields: subscriptionFields,
  idOf: (f) => f.stripeSubscriptionId,
  compared: SUBSCRIPTION_DRIFT_COLUMNS,
  load: async (ids) =>
    (await getDb().subscription.findMany({ where: { stripeSubscriptionId: { in: ids } } })).map((r) => ({
      ...r,
      stripeId: r.stripeSubscriptionId,
    })),
  rowOf: subscriptionRow,
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
  compared: INVOICE_DRIFT_COLUMNS,
  load: async (ids) =>
    (await getDb().invoice.findMany({ where: { stripeInvoiceId: { in: ids } } })).map((r) => ({ ...r, stripeId: r.stripeInvoiceId })),
  rowOf: invoiceRow,
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
  compared: PAYMENT_DRIFT_COLUMNS,
  load: async (ids) =>
    (await getDb().payment.findMany({ where: { stripeChargeId: { in: ids } } })).map((r) => ({ ...r, stripeId: r.stripeChargeId })),
  rowOf: paymentRow,
  localIdsNotIn: async (seen) =>
    getDb().$queryRaw`SELECT "stripeChargeId" AS "stripeId", "tenantId" FROM "Payment"
      WHERE NOT ("stripeChargeId" = ANY(${seen}::text[]))`,
};

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
      // Stripe ids that belong to no tenant of ours (another app on the same account) are not our drift.
      if (!row) tenantId = await findTenantId(getDb(), fields);
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
        drift.repaired = await repairOne(spec, drift, fields, options);
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

/**
 * Writes Stripe's state over our row with the record's own statement, versioned like an event read fresh from
 * Stripe at the start of the run: an older delivery still in flight cannot overwrite the repair, and an event newer
 * than this run's reads that arrived meanwhile is the truth now, so the row is left alone (not repaired).
 */
async function repairOne<S, F>(
  spec: Spec<S, F>,
  drift: Drift,
  fields: F,
  options: { actor: string; runId: string; versionSeconds: number },
): Promise<boolean> {
  const created = drift.problem === "missing_locally";
  const result = await writeVersionedRow(getDb(), spec.rowOf(fields), {
    version: { created: options.versionSeconds, eventId: `reconcile:${options.runId}` },
    actor: options.actor,
    apply: "not-older",
    audit: {
      action: created ? `reconcile.${spec.kind}_created` : `reconcile.${spec.kind}_repaired`,
      before: created ? null : { stripeId: drift.stripeId, ...Object.fromEntries(drift.diffs.map((d) => [d.field, d.ours])) },
      after: { stripeId: drift.stripeId, ...Object.fromEntries(drift.diffs.map((d) => [d.field, d.stripe])) },
      reason: `drift check ${options.runId}`,
    },
  });
  return result.written === 1;
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
