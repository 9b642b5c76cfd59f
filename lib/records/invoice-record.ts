import "server-only";
import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import { retrieveInvoice } from "@/lib/stripe/retrieve-invoice";
import { invoiceFields, type InvoiceFields } from "@/lib/stripe/mappers";
import type { EventRecord } from "./event-record";
import { syncVersionedRow } from "./sync-versioned-row";
import type { VersionedRow } from "./versioned-row";
import type { WriteContext } from "./write-context";

// The Invoice table's record module: columns, mapping, tenant hints, audit rule (a status change), guarded write.

/** The columns the drift check compares with Stripe's (reconcile.ts). */
export const INVOICE_DRIFT_COLUMNS = ["status", "amountDue", "amountPaid", "amountRemaining", "total", "attemptCount", "nextPaymentAttempt", "paidAt"] as const;

/** An invoice as our Invoice row; a status change is audited with the amount paid. */
export function invoiceRow(f: InvoiceFields): VersionedRow {
  return {
    table: "Invoice",
    keyColumn: "stripeInvoiceId",
    key: f.stripeInvoiceId,
    values: {
      stripeSubscriptionId: Prisma.sql`${f.stripeSubscriptionId}::text`,
      number: Prisma.sql`${f.number}::text`,
      status: Prisma.sql`${f.status}::text`,
      billingReason: Prisma.sql`${f.billingReason}::text`,
      amountDue: Prisma.sql`${f.amountDue}::int`,
      amountPaid: Prisma.sql`${f.amountPaid}::int`,
      amountRemaining: Prisma.sql`${f.amountRemaining}::int`,
      total: Prisma.sql`${f.total}::int`,
      taxAmount: Prisma.sql`${f.taxAmount}::int`,
      taxReverseCharge: Prisma.sql`${f.taxReverseCharge}::boolean`,
      discountAmount: Prisma.sql`${f.discountAmount}::int`,
      currency: Prisma.sql`${f.currency}::text`,
      attemptCount: Prisma.sql`${f.attemptCount}::int`,
      nextPaymentAttempt: Prisma.sql`${f.nextPaymentAttempt}::timestamptz(3)`,
      hostedInvoiceUrl: Prisma.sql`${f.hostedInvoiceUrl}::text`,
      invoicePdf: Prisma.sql`${f.invoicePdf}::text`,
      periodStart: Prisma.sql`${f.periodStart}::timestamptz(3)`,
      periodEnd: Prisma.sql`${f.periodEnd}::timestamptz(3)`,
      stripeCreatedAt: Prisma.sql`${f.stripeCreatedAt}::timestamptz(3)`,
      paidAt: Prisma.sql`${f.paidAt}::timestamptz(3)`,
    },
    tenantHints: { metadataTenantId: f.metadataTenantId, stripeCustomerId: f.stripeCustomerId },
    linksCustomer: false,
    audit: {
      action: "invoice.status_changed",
      changed: Prisma.sql`(SELECT "status" FROM "old") IS DISTINCT FROM ${f.status}::text`,
      before: Prisma.sql`(SELECT jsonb_build_object('stripeInvoiceId', "stripeInvoiceId", 'status', "status") FROM "old")`,
      after: Prisma.sql`${JSON.stringify({ stripeInvoiceId: f.stripeInvoiceId, status: f.status, amountPaid: f.amountPaid })}::jsonb`,
    },
  };
}

/** Writes an invoice as Stripe reports it unless the row holds a newer event's state; refetches on a tie. */
async function syncInvoice(ctx: WriteContext, invoice: Stripe.Invoice): Promise<{ tenantId: string }> {
  const { tenantId } = await syncVersionedRow(ctx, invoiceFields(invoice), {
    rowOf: invoiceRow,
    refetch: async () => invoiceFields(await retrieveInvoice(invoice.id)),
  });
  return { tenantId };
}

export const invoiceRecord: EventRecord<Stripe.Invoice> = {
  apply: (ctx, invoice) => syncInvoice(ctx, invoice),
  rowOf: (invoice) => invoiceRow(invoiceFields(invoice)),
};
