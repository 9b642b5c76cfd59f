import "server-only";
import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import { retrieveCharge } from "@/lib/stripe/retrieve-charge";
import { paymentFields, type PaymentFields } from "@/lib/stripe/mappers";
import type { EventRecord } from "./event-record";
import { syncVersionedRow } from "./sync-versioned-row";
import type { VersionedRow } from "./versioned-row";
import type { WriteContext } from "./write-context";

export type SyncedPayment = { tenantId: string; paymentId: string; fields: PaymentFields };

const refundedBefore = Prisma.sql`COALESCE((SELECT "amountRefunded" FROM "old"), 0)`;

// The Payment table's record module (one row per charge): columns, mapping, tenant hints, audit rule (a change of
// the refunded amount), guarded write.

/** The columns the drift check compares with Stripe's (reconcile.ts). */
export const PAYMENT_DRIFT_COLUMNS = ["status", "amount", "amountRefunded", "refunded"] as const;

/** A charge as our Payment row; a change of the refunded amount is audited. */
export function paymentRow(f: PaymentFields): VersionedRow {
  return {
    table: "Payment",
    keyColumn: "stripeChargeId",
    key: f.stripeChargeId,
    values: {
      stripePaymentIntentId: Prisma.sql`${f.stripePaymentIntentId}::text`,
      amount: Prisma.sql`${f.amount}::int`,
      amountRefunded: Prisma.sql`${f.amountRefunded}::int`,
      currency: Prisma.sql`${f.currency}::text`,
      status: Prisma.sql`${f.status}::text`,
      refunded: Prisma.sql`${f.refunded}::boolean`,
      failureCode: Prisma.sql`${f.failureCode}::text`,
      failureMessage: Prisma.sql`${f.failureMessage}::text`,
      cardBrand: Prisma.sql`${f.cardBrand}::text`,
      cardLast4: Prisma.sql`${f.cardLast4}::text`,
      receiptUrl: Prisma.sql`${f.receiptUrl}::text`,
      stripeCreatedAt: Prisma.sql`${f.stripeCreatedAt}::timestamptz(3)`,
    },
    tenantHints: { metadataTenantId: f.metadataTenantId, stripeCustomerId: f.stripeCustomerId },
    linksCustomer: false,
    audit: {
      action: "payment.refunded",
      changed: Prisma.sql`${refundedBefore} <> ${f.amountRefunded}::int`,
      before: Prisma.sql`jsonb_build_object('stripeChargeId', ${f.stripeChargeId}::text, 'amountRefunded', ${refundedBefore})`,
      after: Prisma.sql`${JSON.stringify({ stripeChargeId: f.stripeChargeId, amountRefunded: f.amountRefunded, refunded: f.refunded })}::jsonb`,
    },
  };
}

/**
 * Writes a charge as a Payment row unless the row holds a newer event's state; refetches on a tie.
 * `fresh`: the charge was just retrieved from Stripe.
 */
export async function syncPayment(
  ctx: WriteContext,
  charge: Stripe.Charge,
  options: { fresh?: boolean } = {},
): Promise<SyncedPayment> {
  const synced = await syncVersionedRow(ctx, paymentFields(charge), {
    rowOf: paymentRow,
    refetch: async () => paymentFields(await retrieveCharge(charge.id)),
    fresh: options.fresh,
  });
  return { tenantId: synced.tenantId, paymentId: synced.rowId, fields: synced.fields };
}

export const paymentRecord: EventRecord<Stripe.Charge> = {
  apply: (ctx, charge) => syncPayment(ctx, charge),
  rowOf: (charge) => paymentRow(paymentFields(charge)),
};
