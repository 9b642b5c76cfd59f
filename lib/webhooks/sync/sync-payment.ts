import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { paymentFields, type PaymentFields } from "@/lib/stripe/mappers";
import { retrieveCharge } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite, type EventVersion } from "../versioned-write";

type Current = {
  id: string;
  tenantId: string;
  amountRefunded: number;
  lastEventCreated: number;
  lastEventId: string | null;
};

export type SyncedPayment = { tenantId: string; paymentId: string; fields: PaymentFields };

/**
 * Writes a charge as a Payment row unless the row holds a newer event's state; refetches on a tie.
 * `fresh`: the charge was just retrieved from Stripe.
 */
export async function syncPayment(
  ctx: HandlerContext,
  charge: Stripe.Charge,
  options: { fresh?: boolean } = {},
): Promise<SyncedPayment> {
  let fields = paymentFields(charge);
  let current = await lockCurrent(ctx, fields.stripeChargeId);
  if (!current) {
    const tenantId = await resolveTenantId(ctx.tx, fields);
    const paymentId = await insertRow(ctx, tenantId, fields, ctx.version);
    if (paymentId) {
      if (fields.amountRefunded > 0) auditRefund(ctx, tenantId, fields, 0);
      return { tenantId, paymentId, fields };
    }
    current = await lockCurrent(ctx, fields.stripeChargeId);
    if (!current) throw new Error(`Payment ${fields.stripeChargeId} vanished during sync`);
  }

  const decision = decideWrite(current, ctx.version, options.fresh);
  if (decision === "skip") return { tenantId: current.tenantId, paymentId: current.id, fields };
  if (decision === "refetch") fields = paymentFields(await retrieveCharge(fields.stripeChargeId));

  await updateRow(ctx, current.id, fields, ctx.version);
  if (fields.amountRefunded !== current.amountRefunded) auditRefund(ctx, current.tenantId, fields, current.amountRefunded);
  return { tenantId: current.tenantId, paymentId: current.id, fields };
}

function auditRefund(ctx: HandlerContext, tenantId: string, fields: PaymentFields, before: number): void {
  recordAudit(ctx, {
    tenantId,
    action: "payment.refunded",
    before: { stripeChargeId: fields.stripeChargeId, amountRefunded: before },
    after: { stripeChargeId: fields.stripeChargeId, amountRefunded: fields.amountRefunded, refunded: fields.refunded },
  });
}

async function lockCurrent(ctx: HandlerContext, stripeChargeId: string): Promise<Current | null> {
  const [current] = await ctx.tx.$queryRaw<Current[]>`
    SELECT "id", "tenantId", "amountRefunded", "lastEventCreated", "lastEventId" FROM "Payment"
    WHERE "stripeChargeId" = ${stripeChargeId} FOR UPDATE`;
  return current ?? null;
}

async function insertRow(ctx: HandlerContext, tenantId: string, f: PaymentFields, v: EventVersion): Promise<string | null> {
  const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Payment" ("id", "tenantId", "stripeChargeId", "stripePaymentIntentId", "amount", "amountRefunded",
      "currency", "status", "refunded", "failureCode", "failureMessage", "cardBrand", "cardLast4", "receiptUrl",
      "stripeCreatedAt", "lastEventCreated", "lastEventId", "updatedAt")
    VALUES (${randomUUID()}, ${tenantId}, ${f.stripeChargeId}, ${f.stripePaymentIntentId}, ${f.amount}, ${f.amountRefunded},
      ${f.currency}, ${f.status}, ${f.refunded}, ${f.failureCode}, ${f.failureMessage}, ${f.cardBrand}, ${f.cardLast4},
      ${f.receiptUrl}, ${f.stripeCreatedAt}, ${v.created}, ${v.eventId}, now())
    ON CONFLICT ("stripeChargeId") DO NOTHING
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

async function updateRow(ctx: HandlerContext, id: string, f: PaymentFields, v: EventVersion): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE "Payment" SET "stripePaymentIntentId" = ${f.stripePaymentIntentId}, "amount" = ${f.amount},
      "amountRefunded" = ${f.amountRefunded}, "currency" = ${f.currency}, "status" = ${f.status}, "refunded" = ${f.refunded},
      "failureCode" = ${f.failureCode}, "failureMessage" = ${f.failureMessage}, "cardBrand" = ${f.cardBrand},
      "cardLast4" = ${f.cardLast4}, "receiptUrl" = ${f.receiptUrl}, "stripeCreatedAt" = ${f.stripeCreatedAt},
      "lastEventCreated" = ${v.created}, "lastEventId" = ${v.eventId}, "updatedAt" = now()
    WHERE "id" = ${id}`;
}
