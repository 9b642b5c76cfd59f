import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { invoiceFields, type InvoiceFields } from "@/lib/stripe/mappers";
import { retrieveInvoice } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite, type EventVersion } from "../versioned-write";

type Written = {
  oldStatus: string | null;
  oldCreated: number | null;
  oldEventId: string | null;
  tenantId: string | null;
  written: number;
};

// Same shape as syncSubscription: one statement on the hot path (see there).

/** Writes an invoice as Stripe reports it unless the row holds a newer event's state; refetches on a tie. */
export async function syncInvoice(ctx: HandlerContext, invoice: Stripe.Invoice): Promise<{ tenantId: string }> {
  let fields = invoiceFields(invoice);
  let result = await upsert(ctx, fields, fields.metadataTenantId);
  if (result.tenantId === null) result = await upsert(ctx, fields, await resolveTenantId(ctx.tx, fields));
  if (result.written === 0 && result.oldCreated === null) result = await upsert(ctx, fields, result.tenantId);
  const tenantId = result.tenantId;
  if (tenantId === null) throw new Error(`Invoice ${fields.stripeInvoiceId}: no tenant`);

  if (result.written === 1) {
    if (result.oldStatus !== fields.status) auditStatus(ctx, tenantId, fields, result.oldStatus);
    return { tenantId };
  }
  if (result.oldCreated === null) throw new Error(`Invoice ${fields.stripeInvoiceId} vanished during sync`);
  const decision = decideWrite({ lastEventCreated: result.oldCreated, lastEventId: result.oldEventId }, ctx.version);
  if (decision !== "refetch") return { tenantId };
  fields = invoiceFields(await retrieveInvoice(fields.stripeInvoiceId));
  await overwrite(ctx, fields, ctx.version);
  if (result.oldStatus !== fields.status) auditStatus(ctx, tenantId, fields, result.oldStatus);
  return { tenantId };
}

function auditStatus(ctx: HandlerContext, tenantId: string, fields: InvoiceFields, before: string | null): void {
  recordAudit(ctx, {
    tenantId,
    action: "invoice.status_changed",
    before: before === null ? null : { stripeInvoiceId: fields.stripeInvoiceId, status: before },
    after: { stripeInvoiceId: fields.stripeInvoiceId, status: fields.status, amountPaid: fields.amountPaid },
  });
}

async function upsert(ctx: HandlerContext, f: InvoiceFields, metadataTenantId: string | null): Promise<Written> {
  const v = ctx.version;
  const [row] = await ctx.tx.$queryRaw<Written[]>`
    WITH "old" AS (
      SELECT "status", "lastEventCreated", "lastEventId", "tenantId" FROM "Invoice"
      WHERE "stripeInvoiceId" = ${f.stripeInvoiceId} FOR UPDATE
    ), "tenant" AS (
      SELECT COALESCE(
        (SELECT "tenantId" FROM "old"),
        (SELECT "id" FROM "Tenant" WHERE "id" = ${metadataTenantId}::text OR "stripeCustomerId" = ${f.stripeCustomerId}::text
          ORDER BY ("id" = ${metadataTenantId}::text) DESC NULLS LAST LIMIT 1)
      ) AS "id"
    ), "written" AS (
      INSERT INTO "Invoice" ("id", "tenantId", "stripeInvoiceId", "stripeSubscriptionId", "status", "billingReason",
        "amountDue", "amountPaid", "amountRemaining", "total", "currency", "attemptCount", "nextPaymentAttempt",
        "hostedInvoiceUrl", "invoicePdf", "periodStart", "periodEnd", "stripeCreatedAt", "paidAt",
        "lastEventCreated", "lastEventId", "updatedAt")
      SELECT ${randomUUID()}::text, "tenant"."id", ${f.stripeInvoiceId}::text, ${f.stripeSubscriptionId}::text,
        ${f.status}::text, ${f.billingReason}::text, ${f.amountDue}::int, ${f.amountPaid}::int, ${f.amountRemaining}::int,
        ${f.total}::int, ${f.currency}::text, ${f.attemptCount}::int, ${f.nextPaymentAttempt}::timestamp(3),
        ${f.hostedInvoiceUrl}::text, ${f.invoicePdf}::text, ${f.periodStart}::timestamp(3), ${f.periodEnd}::timestamp(3),
        ${f.stripeCreatedAt}::timestamp(3), ${f.paidAt}::timestamp(3), ${v.created}::int, ${v.eventId}::text, now()
      FROM "tenant" WHERE "tenant"."id" IS NOT NULL
      ON CONFLICT ("stripeInvoiceId") DO UPDATE SET "stripeSubscriptionId" = EXCLUDED."stripeSubscriptionId",
        "status" = EXCLUDED."status", "billingReason" = EXCLUDED."billingReason", "amountDue" = EXCLUDED."amountDue",
        "amountPaid" = EXCLUDED."amountPaid", "amountRemaining" = EXCLUDED."amountRemaining", "total" = EXCLUDED."total",
        "currency" = EXCLUDED."currency", "attemptCount" = EXCLUDED."attemptCount",
        "nextPaymentAttempt" = EXCLUDED."nextPaymentAttempt", "hostedInvoiceUrl" = EXCLUDED."hostedInvoiceUrl",
        "invoicePdf" = EXCLUDED."invoicePdf", "periodStart" = EXCLUDED."periodStart", "periodEnd" = EXCLUDED."periodEnd",
        "stripeCreatedAt" = EXCLUDED."stripeCreatedAt", "paidAt" = EXCLUDED."paidAt",
        "lastEventCreated" = EXCLUDED."lastEventCreated", "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
      WHERE "Invoice"."lastEventCreated" < EXCLUDED."lastEventCreated"
      RETURNING 1
    )
    SELECT (SELECT "status" FROM "old") AS "oldStatus", (SELECT "lastEventCreated" FROM "old") AS "oldCreated",
      (SELECT "lastEventId" FROM "old") AS "oldEventId", (SELECT "id" FROM "tenant") AS "tenantId",
      (SELECT count(*) FROM "written")::int AS "written"`;
  if (!row) throw new Error("upsert returned no row");
  return row;
}

/** After a tie: the row is already locked by `upsert`; write the state just read from Stripe. */
async function overwrite(ctx: HandlerContext, f: InvoiceFields, v: EventVersion): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE "Invoice" SET "stripeSubscriptionId" = ${f.stripeSubscriptionId}, "status" = ${f.status},
      "billingReason" = ${f.billingReason}, "amountDue" = ${f.amountDue}, "amountPaid" = ${f.amountPaid},
      "amountRemaining" = ${f.amountRemaining}, "total" = ${f.total}, "currency" = ${f.currency},
      "attemptCount" = ${f.attemptCount}, "nextPaymentAttempt" = ${f.nextPaymentAttempt},
      "hostedInvoiceUrl" = ${f.hostedInvoiceUrl}, "invoicePdf" = ${f.invoicePdf}, "periodStart" = ${f.periodStart},
      "periodEnd" = ${f.periodEnd}, "stripeCreatedAt" = ${f.stripeCreatedAt}, "paidAt" = ${f.paidAt},
      "lastEventCreated" = ${v.created}, "lastEventId" = ${v.eventId}, "updatedAt" = now()
    WHERE "stripeInvoiceId" = ${f.stripeInvoiceId}`;
}
