import "server-only";
import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import { retrieveSubscription } from "@/lib/stripe/retrieve-subscription";
import { subscriptionFields, type SubscriptionFields } from "@/lib/stripe/mappers";
import type { EventRecord } from "./event-record";
import { syncVersionedRow } from "./sync-versioned-row";
import type { VersionedRow } from "./versioned-row";
import type { WriteContext } from "./write-context";

// The Subscription table's record module: its columns and their mapping from a Stripe subscription, the tenant
// hints (and, on first sight, the customer link), the audit rule (a status change), the version-guarded write.

/** The columns the drift check compares with Stripe's (reconcile.ts). */
export const SUBSCRIPTION_DRIFT_COLUMNS = [
  "status",
  "stripePriceId",
  "quantity",
  "currentPeriodStart",
  "currentPeriodEnd",
  "cancelAtPeriodEnd",
  "cancelAt",
  "canceledAt",
  "endedAt",
  "trialEnd",
] as const;

/**
 * The MRR rule's discount terms. Unknown (the object names its discounts by id only) keeps what the row holds:
 * `syncSubscription` reads the terms from Stripe first, so only a caller passing an unexpanded object gets here.
 */
function recurringDiscountsSql(f: SubscriptionFields): Prisma.Sql {
  if (f.recurringDiscounts === null) return Prisma.sql`coalesce((SELECT "recurringDiscounts" FROM "old"), '[]'::jsonb)`;
  return Prisma.sql`${JSON.stringify(f.recurringDiscounts)}::jsonb`;
}

/** A subscription as our Subscription row; a status change is audited. */
export function subscriptionRow(f: SubscriptionFields): VersionedRow {
  return {
    table: "Subscription",
    keyColumn: "stripeSubscriptionId",
    key: f.stripeSubscriptionId,
    values: {
      status: Prisma.sql`${f.status}::"SubscriptionStatus"`,
      planId: Prisma.sql`(SELECT "id" FROM "Plan" WHERE "stripePriceId" = ${f.stripePriceId}::text)`,
      stripePriceId: Prisma.sql`${f.stripePriceId}::text`,
      quantity: Prisma.sql`${f.quantity}::int`,
      currentPeriodStart: Prisma.sql`${f.currentPeriodStart}::timestamptz(3)`,
      currentPeriodEnd: Prisma.sql`${f.currentPeriodEnd}::timestamptz(3)`,
      cancelAtPeriodEnd: Prisma.sql`${f.cancelAtPeriodEnd}::boolean`,
      cancelAt: Prisma.sql`${f.cancelAt}::timestamptz(3)`,
      canceledAt: Prisma.sql`${f.canceledAt}::timestamptz(3)`,
      endedAt: Prisma.sql`${f.endedAt}::timestamptz(3)`,
      trialEnd: Prisma.sql`${f.trialEnd}::timestamptz(3)`,
      defaultPaymentMethod: Prisma.sql`${f.defaultPaymentMethod}::text`,
      latestInvoiceId: Prisma.sql`${f.latestInvoiceId}::text`,
      cancellationReason: Prisma.sql`${f.cancellationReason}::text`,
      cancellationFeedback: Prisma.sql`${f.cancellationFeedback}::text`,
      cancellationComment: Prisma.sql`${f.cancellationComment}::text`,
      recurringDiscounts: recurringDiscountsSql(f),
    },
    tenantHints: { metadataTenantId: f.metadataTenantId, stripeCustomerId: f.stripeCustomerId },
    linksCustomer: true,
    audit: {
      action: "subscription.status_changed",
      changed: Prisma.sql`(SELECT "status"::text FROM "old") IS DISTINCT FROM ${f.status}::text`,
      before: Prisma.sql`(SELECT jsonb_build_object('stripeSubscriptionId', "stripeSubscriptionId", 'status', "status") FROM "old")`,
      after: Prisma.sql`${JSON.stringify({ stripeSubscriptionId: f.stripeSubscriptionId, status: f.status })}::jsonb`,
    },
  };
}

/**
 * Writes a subscription as Stripe reports it, unless the row already holds a newer event's state.
 * `fresh`: the object was just retrieved from Stripe rather than taken from an event payload.
 * A payload that names discounts by id only (Stripe never expands a webhook payload) is read again from Stripe
 * with its coupons: MRR needs their terms, and the object read now is at least as new as the payload.
 */
export async function syncSubscription(
  ctx: WriteContext,
  subscription: Stripe.Subscription,
  options: { fresh?: boolean } = {},
): Promise<{ tenantId: string }> {
  let fields = subscriptionFields(subscription);
  let fresh = options.fresh;
  if (fields.recurringDiscounts === null) {
    fields = subscriptionFields(await retrieveSubscription(subscription.id));
    fresh = true;
  }
  const { tenantId } = await syncVersionedRow(ctx, fields, {
    rowOf: subscriptionRow,
    refetch: async () => subscriptionFields(await retrieveSubscription(subscription.id)),
    fresh,
  });
  return { tenantId };
}

export const subscriptionRecord: EventRecord<Stripe.Subscription> = {
  apply: (ctx, subscription) => syncSubscription(ctx, subscription),
  // Discount terms only Stripe can tell: the event takes the transaction, which asks for them.
  rowOf: (subscription) => {
    const fields = subscriptionFields(subscription);
    return fields.recurringDiscounts === null ? null : subscriptionRow(fields);
  },
};
