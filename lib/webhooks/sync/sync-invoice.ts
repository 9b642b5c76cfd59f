import "server-only";
import type Stripe from "stripe";
import { invoiceFields, type InvoiceFields } from "@/lib/stripe/mappers";
import { retrieveInvoice } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite } from "../versioned-write";

type Current = { id: string; status: string; lastEventCreated: number; lastEventId: string | null };

/** Writes an invoice as Stripe reports it unless the row holds a newer event's state; refetches on a tie. */
export async function syncInvoice(ctx: HandlerContext, invoice: Stripe.Invoice): Promise<{ tenantId: string }> {
  const { tx, version } = ctx;
  let fields = invoiceFields(invoice);
  const tenantId = await resolveTenantId(tx, fields);

  let current = await lockCurrent(ctx, fields.stripeInvoiceId);
  if (!current) {
    const inserted = await tx.invoice.createMany({
      data: [{ tenantId, ...rowData(fields), lastEventCreated: version.created, lastEventId: version.eventId }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) {
      await auditStatus(ctx, tenantId, fields, null);
      return { tenantId };
    }
    current = await lockCurrent(ctx, fields.stripeInvoiceId);
    if (!current) throw new Error(`Invoice ${fields.stripeInvoiceId} vanished during sync`);
  }

  const decision = decideWrite(current, version);
  if (decision === "skip") return { tenantId };
  if (decision === "refetch") fields = invoiceFields(await retrieveInvoice(fields.stripeInvoiceId));

  await tx.invoice.update({
    where: { id: current.id },
    data: { ...rowData(fields), lastEventCreated: version.created, lastEventId: version.eventId },
  });
  if (current.status !== fields.status) await auditStatus(ctx, tenantId, fields, current.status);
  return { tenantId };
}

async function lockCurrent(ctx: HandlerContext, stripeInvoiceId: string): Promise<Current | null> {
  const [current] = await ctx.tx.$queryRaw<Current[]>`
    SELECT "id", "status", "lastEventCreated", "lastEventId" FROM "Invoice"
    WHERE "stripeInvoiceId" = ${stripeInvoiceId} FOR UPDATE`;
  return current ?? null;
}

async function auditStatus(ctx: HandlerContext, tenantId: string, fields: InvoiceFields, before: string | null) {
  await recordAudit(ctx.tx, {
    tenantId,
    actor: ctx.actor,
    action: "invoice.status_changed",
    before: before === null ? null : { stripeInvoiceId: fields.stripeInvoiceId, status: before },
    after: { stripeInvoiceId: fields.stripeInvoiceId, status: fields.status, amountPaid: fields.amountPaid },
  });
}

function rowData(fields: InvoiceFields) {
  return {
    stripeInvoiceId: fields.stripeInvoiceId,
    stripeSubscriptionId: fields.stripeSubscriptionId,
    status: fields.status,
    billingReason: fields.billingReason,
    amountDue: fields.amountDue,
    amountPaid: fields.amountPaid,
    amountRemaining: fields.amountRemaining,
    total: fields.total,
    currency: fields.currency,
    attemptCount: fields.attemptCount,
    nextPaymentAttempt: fields.nextPaymentAttempt,
    hostedInvoiceUrl: fields.hostedInvoiceUrl,
    invoicePdf: fields.invoicePdf,
    periodStart: fields.periodStart,
    periodEnd: fields.periodEnd,
    stripeCreatedAt: fields.stripeCreatedAt,
    paidAt: fields.paidAt,
  };
}
