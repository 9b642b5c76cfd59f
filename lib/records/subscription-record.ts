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
  // MRR's discount terms: a row written before they were recorded (migration mrr_net_of_recurring_discounts)
  // holds none while Stripe has a coupon, and counts at list price until repaired.
  "recurringDiscounts",
] as const;

/**
 * The MRR rule's discount terms. Unknown (the payload names its discounts by id only, as every webhook payload
 * does) keeps what the row holds, which is right only while the row's terms were read for these same discount ids
 * (a coupon's terms never change): `requires` makes the write wait for that, else `syncSubscription` reads them.
 */
function recurringDiscountsSql(f: SubscriptionFields): Prisma.Sql {
  if (f.recurringDiscounts === null) return Prisma.sql`(SELECT "recurringDiscounts" FROM "old")`;
  return Prisma.sql`${JSON.stringify(f.recurringDiscounts)}::jsonb`;
}

/** The row holds terms read for exactly these discounts (null, hence false, when it has none recorded or no row). */
function sameDiscountIdsSql(f: SubscriptionFields): Prisma.Sql {
  return Prisma.sql`(SELECT "discountIds" FROM "old") = ${f.discountIds}::text[]`;
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
      discountIds: Prisma.sql`${f.discountIds}::text[]`,
    },
    ...(f.recurringDiscounts === null && { requires: sameDiscountIdsSql(f) }),
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
 * A payload that names discounts by id only (Stripe never expands a webhook payload) keeps the row's terms when
 * they were read for the same ids; otherwise it is read again from Stripe with its coupons (MRR needs their terms,
 * and the object read now is at least as new as the payload), which records the ids for the next event.
 */
export async function syncSubscription(
  ctx: WriteContext,
  subscription: Stripe.Subscription,
  options: { fresh?: boolean } = {},
): Promise<{ tenantId: string }> {
  let fields = subscriptionFields(subscription);
  let fresh = options.fresh;
  if (fields.recurringDiscounts === null && !(await holdsTermsFor(ctx, fields))) {
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

/** Inside the event's transaction, which holds the row's lock (handle-stripe-event.ts): the row's `requires`. */
async function holdsTermsFor(ctx: WriteContext, fields: SubscriptionFields): Promise<boolean> {
  const [row] = await ctx.tx.$queryRaw<{ same: boolean | null }[]>`
    SELECT "discountIds" = ${fields.discountIds}::text[] AS "same" FROM "Subscription"
    WHERE "stripeSubscriptionId" = ${fields.stripeSubscriptionId}`;
  return row?.same === true;
}

export const subscriptionRecord: EventRecord<Stripe.Subscription> = {
  apply: (ctx, subscription) => syncSubscription(ctx, subscription),
  // A payload whose discounts the row's terms were not read for writes nothing here (`requires`): the
  // transaction then reads the terms from Stripe.
  rowOf: (subscription) => subscriptionRow(subscriptionFields(subscription)),
};
