import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { invoiceFields, type InvoiceFields } from "@/lib/stripe/mappers";
import { retrieveInvoice } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite, type EventVersion } from "../versioned-write";

type Current = { id: string; tenantId: string; status: string; lastEventCreated: number; lastEventId: string | null };

/** Writes an invoice as Stripe reports it unless the row holds a newer event's state; refetches on a tie. */
export async function syncInvoice(ctx: HandlerContext, invoice: Stripe.Invoice): Promise<{ tenantId: string }> {
  let fields = invoiceFields(invoice);
  let current = await lockCurrent(ctx, fields.stripeInvoiceId);
  if (!current) {
    const tenantId = await resolveTenantId(ctx.tx, fields);
    if (await insertRow(ctx, tenantId, fields, ctx.version)) {
      auditStatus(ctx, tenantId, fields, null);
      return { tenantId };
    }
    current = await lockCurrent(ctx, fields.stripeInvoiceId);
    if (!current) throw new Error(`Invoice ${fields.stripeInvoiceId} vanished during sync`);
  }

  const decision = decideWrite(current, ctx.version);
  if (decision === "skip") return { tenantId: current.tenantId };
  if (decision === "refetch") fields = invoiceFields(await retrieveInvoice(fields.stripeInvoiceId));

  await updateRow(ctx, current.id, fields, ctx.version);
  if (current.status !== fields.status) auditStatus(ctx, current.tenantId, fields, current.status);
  return { tenantId: current.tenantId };
}

function auditStatus(ctx: HandlerContext, tenantId: string, fields: InvoiceFields, before: string | null): void {
  recordAudit(ctx, {
    tenantId,
    action: "invoice.status_changed",
    before: before === null ? null : { stripeInvoiceId: fields.stripeInvoiceId, status: before },
    after: { stripeInvoiceId: fields.stripeInvoiceId, status: fields.status, amountPaid: fields.amountPaid },
  });
}

async function lockCurrent(ctx: HandlerContext, stripeInvoiceId: string): Promise<Current | null> {
  const [current] = await ctx.tx.$queryRaw<Current[]>`
    SELECT "id", "tenantId", "status", "lastEventCreated", "lastEventId" FROM "Invoice"
    WHERE "stripeInvoiceId" = ${stripeInvoiceId} FOR UPDATE`;
  return current ?? null;
}

async function insertRow(ctx: HandlerContext, tenantId: string, f: InvoiceFields, v: EventVersion): Promise<boolean> {
  const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Invoice" ("id", "tenantId", "stripeInvoiceId", "stripeSubscriptionId", "status", "billingReason",
      "amountDue", "amountPaid", "amountRemaining", "total", "currency", "attemptCount", "nextPaymentAttempt",
      "hostedInvoiceUrl", "invoicePdf", "periodStart", "periodEnd", "stripeCreatedAt", "paidAt",
      "lastEventCreated", "lastEventId", "updatedAt")
    VALUES (${randomUUID()}, ${tenantId}, ${f.stripeInvoiceId}, ${f.stripeSubscriptionId}, ${f.status}, ${f.billingReason},
      ${f.amountDue}, ${f.amountPaid}, ${f.amountRemaining}, ${f.total}, ${f.currency}, ${f.attemptCount},
      ${f.nextPaymentAttempt}, ${f.hostedInvoiceUrl}, ${f.invoicePdf}, ${f.periodStart}, ${f.periodEnd},
      ${f.stripeCreatedAt}, ${f.paidAt}, ${v.created}, ${v.eventId}, now())
    ON CONFLICT ("stripeInvoiceId") DO NOTHING
    RETURNING "id"`;
  return rows.length === 1;
}

async function updateRow(ctx: HandlerContext, id: string, f: InvoiceFields, v: EventVersion): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE "Invoice" SET "stripeSubscriptionId" = ${f.stripeSubscriptionId}, "status" = ${f.status},
      "billingReason" = ${f.billingReason}, "amountDue" = ${f.amountDue}, "amountPaid" = ${f.amountPaid},
      "amountRemaining" = ${f.amountRemaining}, "total" = ${f.total}, "currency" = ${f.currency},
      "attemptCount" = ${f.attemptCount}, "nextPaymentAttempt" = ${f.nextPaymentAttempt},
      "hostedInvoiceUrl" = ${f.hostedInvoiceUrl}, "invoicePdf" = ${f.invoicePdf}, "periodStart" = ${f.periodStart},
      "periodEnd" = ${f.periodEnd}, "stripeCreatedAt" = ${f.stripeCreatedAt}, "paidAt" = ${f.paidAt},
      "lastEventCreated" = ${v.created}, "lastEventId" = ${v.eventId}, "updatedAt" = now()
    WHERE "id" = ${id}`;
}
