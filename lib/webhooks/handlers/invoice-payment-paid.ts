import "server-only";
import type Stripe from "stripe";
import { retrieveCharge } from "@/lib/stripe/retrieve-charge";
import { retrieveLatestCharge } from "@/lib/stripe/retrieve-payment-intent";
import { idOf } from "@/lib/stripe/mappers";
import type { Tx } from "@/lib/db/client";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { tenantConflict } from "@/lib/records/parked-event";
import { syncPayment } from "@/lib/records/payment-record";

/**
 * Links a payment to its invoice. Since API 2025-03-31.basil neither the charge nor the PaymentIntent names its
 * invoice; the InvoicePayment is the only link. When the charge's own event has not arrived yet, the charge is
 * read from Stripe so the link is not lost.
 */
export async function invoicePaymentPaid(event: Stripe.InvoicePaymentPaidEvent, ctx: HandlerContext): Promise<HandlerResult> {
  const payment = event.data.object;
  const invoiceId = idOf(payment.invoice);
  const paymentIntentId = idOf(payment.payment.payment_intent ?? null);
  const chargeId = idOf(payment.payment.charge ?? null);
  if (!invoiceId || (!paymentIntentId && !chargeId)) return { tenantId: null };

  let tenantId = await link(ctx.tx, invoiceId, paymentIntentId, chargeId);
  if (tenantId === undefined) {
    const charge = chargeId ? await retrieveCharge(chargeId) : await retrieveLatestCharge(paymentIntentId as string);
    if (!charge) return { tenantId: null };
    await syncPayment(ctx, charge, { fresh: true });
    tenantId = await link(ctx.tx, invoiceId, paymentIntentId, chargeId ?? charge.id);
  }
  return { tenantId: tenantId ?? null };
}

/** Links the payment to the invoice; a payment and an invoice of two different tenants are a conflict, never linked. */
async function link(tx: Tx, invoiceId: string, paymentIntentId: string | null, chargeId: string | null): Promise<string | undefined> {
  const rows = await tx.$queryRaw<{ tenantId: string; invoiceTenantId: string | null }[]>`
    WITH "invoice" AS (SELECT "tenantId" FROM "Invoice" WHERE "stripeInvoiceId" = ${invoiceId})
    UPDATE "Payment" SET "stripeInvoiceId" = CASE
        WHEN NOT EXISTS (SELECT 1 FROM "invoice") OR (SELECT "tenantId" FROM "invoice") = "Payment"."tenantId" THEN ${invoiceId}
        ELSE "Payment"."stripeInvoiceId" END,
      "updatedAt" = now()
    WHERE "stripePaymentIntentId" = ${paymentIntentId} OR "stripeChargeId" = ${chargeId}
    RETURNING "tenantId", (SELECT "tenantId" FROM "invoice") AS "invoiceTenantId"`;
  const row = rows[0];
  if (row?.invoiceTenantId && row.invoiceTenantId !== row.tenantId) {
    throw tenantConflict(`invoice ${invoiceId} belongs to tenant ${row.invoiceTenantId}, its payment to tenant ${row.tenantId}`);
  }
  return row?.tenantId;
}
