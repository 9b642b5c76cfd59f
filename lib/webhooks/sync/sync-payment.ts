import "server-only";
import type Stripe from "stripe";
import { paymentFields, type PaymentFields } from "@/lib/stripe/mappers";
import { retrieveCharge } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite } from "../versioned-write";

type Current = {
  id: string;
  status: string;
  amountRefunded: number;
  lastEventCreated: number;
  lastEventId: string | null;
};

export type SyncedPayment = { tenantId: string; paymentId: string; fields: PaymentFields };

/** Writes a charge as a Payment row unless the row holds a newer event's state; refetches on a tie. */
export async function syncPayment(ctx: HandlerContext, charge: Stripe.Charge): Promise<SyncedPayment> {
  const { tx, version } = ctx;
  let fields = paymentFields(charge);
  const tenantId = await resolveTenantId(tx, fields);

  const inserted = await tx.payment.createMany({
    data: [{ tenantId, ...rowData(fields), lastEventCreated: version.created, lastEventId: version.eventId }],
    skipDuplicates: true,
  });
  const [current] = await tx.$queryRaw<Current[]>`
    SELECT "id", "status", "amountRefunded", "lastEventCreated", "lastEventId" FROM "Payment"
    WHERE "stripeChargeId" = ${fields.stripeChargeId} FOR UPDATE`;
  if (!current) throw new Error(`Payment ${fields.stripeChargeId} vanished during sync`);
  if (inserted.count === 1) {
    if (fields.amountRefunded > 0) await auditRefund(ctx, tenantId, fields, 0);
    return { tenantId, paymentId: current.id, fields };
  }

  const decision = decideWrite(current, version);
  if (decision === "skip") return { tenantId, paymentId: current.id, fields };
  if (decision === "refetch") fields = paymentFields(await retrieveCharge(fields.stripeChargeId));

  await tx.payment.update({
    where: { id: current.id },
    data: { ...rowData(fields), lastEventCreated: version.created, lastEventId: version.eventId },
  });
  if (fields.amountRefunded !== current.amountRefunded) await auditRefund(ctx, tenantId, fields, current.amountRefunded);
  return { tenantId, paymentId: current.id, fields };
}

async function auditRefund(ctx: HandlerContext, tenantId: string, fields: PaymentFields, before: number) {
  await recordAudit(ctx.tx, {
    tenantId,
    actor: ctx.actor,
    action: "payment.refunded",
    before: { stripeChargeId: fields.stripeChargeId, amountRefunded: before },
    after: { stripeChargeId: fields.stripeChargeId, amountRefunded: fields.amountRefunded, refunded: fields.refunded },
  });
}

function rowData(fields: PaymentFields) {
  return {
    stripeChargeId: fields.stripeChargeId,
    stripePaymentIntentId: fields.stripePaymentIntentId,
    amount: fields.amount,
    amountRefunded: fields.amountRefunded,
    currency: fields.currency,
    status: fields.status,
    refunded: fields.refunded,
    failureCode: fields.failureCode,
    failureMessage: fields.failureMessage,
    cardBrand: fields.cardBrand,
    cardLast4: fields.cardLast4,
    receiptUrl: fields.receiptUrl,
    stripeCreatedAt: fields.stripeCreatedAt,
  };
}
