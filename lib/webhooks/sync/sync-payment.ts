import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { paymentFields, type PaymentFields } from "@/lib/stripe/mappers";
import { retrieveCharge } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite, type EventVersion } from "../versioned-write";

type Written = {
  paymentId: string | null;
  oldRefunded: number | null;
  oldCreated: number | null;
  oldEventId: string | null;
  tenantId: string | null;
  written: number;
  newId: string | null;
};

export type SyncedPayment = { tenantId: string; paymentId: string; fields: PaymentFields };

// Same shape as syncSubscription: one statement on the hot path (see there).

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
  let result = await upsert(ctx, fields, fields.metadataTenantId);
  if (result.tenantId === null) result = await upsert(ctx, fields, await resolveTenantId(ctx.tx, fields));
  if (result.written === 0 && result.oldCreated === null) result = await upsert(ctx, fields, result.tenantId);
  const tenantId = result.tenantId;
  const paymentId = result.paymentId ?? result.newId;
  if (tenantId === null || paymentId === null) throw new Error(`Payment ${fields.stripeChargeId}: no tenant`);
  const before = result.oldRefunded ?? 0;

  if (result.written === 1) {
    if (fields.amountRefunded !== before) auditRefund(ctx, tenantId, fields, before);
    return { tenantId, paymentId, fields };
  }
  if (result.oldCreated === null) throw new Error(`Payment ${fields.stripeChargeId} vanished during sync`);
  const decision = decideWrite(
    { lastEventCreated: result.oldCreated, lastEventId: result.oldEventId },
    ctx.version,
    options.fresh,
  );
  if (decision === "skip" || (decision === "apply" && !options.fresh)) return { tenantId, paymentId, fields };
  if (decision === "refetch") fields = paymentFields(await retrieveCharge(fields.stripeChargeId));
  await overwrite(ctx, fields, ctx.version);
  if (fields.amountRefunded !== before) auditRefund(ctx, tenantId, fields, before);
  return { tenantId, paymentId, fields };
}

function auditRefund(ctx: HandlerContext, tenantId: string, fields: PaymentFields, before: number): void {
  recordAudit(ctx, {
    tenantId,
    action: "payment.refunded",
    before: { stripeChargeId: fields.stripeChargeId, amountRefunded: before },
    after: { stripeChargeId: fields.stripeChargeId, amountRefunded: fields.amountRefunded, refunded: fields.refunded },
  });
}

async function upsert(ctx: HandlerContext, f: PaymentFields, metadataTenantId: string | null): Promise<Written> {
  const v = ctx.version;
  const [row] = await ctx.tx.$queryRaw<Written[]>`
    WITH "old" AS (
      SELECT "id", "amountRefunded", "lastEventCreated", "lastEventId", "tenantId" FROM "Payment"
      WHERE "stripeChargeId" = ${f.stripeChargeId} FOR UPDATE
    ), "tenant" AS (
      SELECT COALESCE(
        (SELECT "tenantId" FROM "old"),
        (SELECT "id" FROM "Tenant" WHERE "id" = ${metadataTenantId}::text OR "stripeCustomerId" = ${f.stripeCustomerId}::text
          ORDER BY ("id" = ${metadataTenantId}::text) DESC NULLS LAST LIMIT 1)
      ) AS "id"
    ), "written" AS (
      INSERT INTO "Payment" ("id", "tenantId", "stripeChargeId", "stripePaymentIntentId", "amount", "amountRefunded",
        "currency", "status", "refunded", "failureCode", "failureMessage", "cardBrand", "cardLast4", "receiptUrl",
        "stripeCreatedAt", "lastEventCreated", "lastEventId", "updatedAt")
      SELECT ${randomUUID()}::text, "tenant"."id", ${f.stripeChargeId}::text, ${f.stripePaymentIntentId}::text,
        ${f.amount}::int, ${f.amountRefunded}::int, ${f.currency}::text, ${f.status}::text, ${f.refunded}::boolean,
        ${f.failureCode}::text, ${f.failureMessage}::text, ${f.cardBrand}::text, ${f.cardLast4}::text, ${f.receiptUrl}::text,
        ${f.stripeCreatedAt}::timestamp(3), ${v.created}::int, ${v.eventId}::text, now()
      FROM "tenant" WHERE "tenant"."id" IS NOT NULL
      ON CONFLICT ("stripeChargeId") DO UPDATE SET "stripePaymentIntentId" = EXCLUDED."stripePaymentIntentId",
        "amount" = EXCLUDED."amount", "amountRefunded" = EXCLUDED."amountRefunded", "currency" = EXCLUDED."currency",
        "status" = EXCLUDED."status", "refunded" = EXCLUDED."refunded", "failureCode" = EXCLUDED."failureCode",
        "failureMessage" = EXCLUDED."failureMessage", "cardBrand" = EXCLUDED."cardBrand",
        "cardLast4" = EXCLUDED."cardLast4", "receiptUrl" = EXCLUDED."receiptUrl",
        "stripeCreatedAt" = EXCLUDED."stripeCreatedAt", "lastEventCreated" = EXCLUDED."lastEventCreated",
        "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
      WHERE "Payment"."lastEventCreated" < EXCLUDED."lastEventCreated"
      RETURNING "id"
    )
    SELECT (SELECT "id" FROM "old") AS "paymentId", (SELECT "amountRefunded" FROM "old") AS "oldRefunded",
      (SELECT "lastEventCreated" FROM "old") AS "oldCreated", (SELECT "lastEventId" FROM "old") AS "oldEventId",
      (SELECT "id" FROM "tenant") AS "tenantId", (SELECT count(*) FROM "written")::int AS "written",
      (SELECT "id" FROM "written") AS "newId"`;
  if (!row) throw new Error("upsert returned no row");
  return row;
}

/** After a tie: the row is already locked by `upsert`; write the state we now trust. */
async function overwrite(ctx: HandlerContext, f: PaymentFields, v: EventVersion): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE "Payment" SET "stripePaymentIntentId" = ${f.stripePaymentIntentId}, "amount" = ${f.amount},
      "amountRefunded" = ${f.amountRefunded}, "currency" = ${f.currency}, "status" = ${f.status}, "refunded" = ${f.refunded},
      "failureCode" = ${f.failureCode}, "failureMessage" = ${f.failureMessage}, "cardBrand" = ${f.cardBrand},
      "cardLast4" = ${f.cardLast4}, "receiptUrl" = ${f.receiptUrl}, "stripeCreatedAt" = ${f.stripeCreatedAt},
      "lastEventCreated" = ${v.created}, "lastEventId" = ${v.eventId}, "updatedAt" = now()
    WHERE "stripeChargeId" = ${f.stripeChargeId}`;
}
