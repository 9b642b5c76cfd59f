import "server-only";
import type Stripe from "stripe";
import { subscriptionFields, type SubscriptionFields } from "@/lib/stripe/mappers";
import { retrieveSubscription } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite } from "../versioned-write";

type Current = { id: string; status: string; lastEventCreated: number; lastEventId: string | null };

/**
 * Writes a subscription as Stripe reports it, unless the row already holds a newer event's state.
 * `fresh`: the object was just retrieved from Stripe rather than taken from an event payload.
 */
export async function syncSubscription(
  ctx: HandlerContext,
  subscription: Stripe.Subscription,
  options: { fresh?: boolean } = {},
): Promise<{ tenantId: string }> {
  const { tx, version, actor } = ctx;
  let fields = subscriptionFields(subscription);
  const tenantId = await resolveTenantId(tx, fields);

  // Most events update an existing row: lock it first; insert only when there is none.
  let current = await lockCurrent(ctx, fields.stripeSubscriptionId);
  if (!current) {
    const inserted = await tx.subscription.createMany({
      data: [{ tenantId, ...(await rowData(ctx, fields)), lastEventCreated: version.created, lastEventId: version.eventId }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) {
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "subscription.status_changed",
        before: null,
        after: { stripeSubscriptionId: fields.stripeSubscriptionId, status: fields.status },
      });
      return { tenantId };
    }
    current = await lockCurrent(ctx, fields.stripeSubscriptionId);
    if (!current) throw new Error(`Subscription ${fields.stripeSubscriptionId} vanished during sync`);
  }

  const decision = decideWrite(current, version, options.fresh);
  if (decision === "skip") return { tenantId };
  if (decision === "refetch") fields = subscriptionFields(await retrieveSubscription(fields.stripeSubscriptionId));

  await tx.subscription.update({
    where: { id: current.id },
    data: { ...(await rowData(ctx, fields)), lastEventCreated: version.created, lastEventId: version.eventId },
  });
  if (current.status !== fields.status) {
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "subscription.status_changed",
      before: { stripeSubscriptionId: fields.stripeSubscriptionId, status: current.status },
      after: { stripeSubscriptionId: fields.stripeSubscriptionId, status: fields.status },
    });
  }
  return { tenantId };
}

// The row lock serializes events for one subscription, also across app instances. A concurrent first insert
// makes createMany skip, after which the row is there to lock.
async function lockCurrent(ctx: HandlerContext, stripeSubscriptionId: string): Promise<Current | null> {
  const [current] = await ctx.tx.$queryRaw<Current[]>`
    SELECT "id", "status"::text AS "status", "lastEventCreated", "lastEventId" FROM "Subscription"
    WHERE "stripeSubscriptionId" = ${stripeSubscriptionId} FOR UPDATE`;
  return current ?? null;
}

async function rowData(ctx: HandlerContext, fields: SubscriptionFields) {
  const plan = fields.stripePriceId
    ? await ctx.tx.plan.findUnique({ where: { stripePriceId: fields.stripePriceId }, select: { id: true } })
    : null;
  return {
    stripeSubscriptionId: fields.stripeSubscriptionId,
    status: fields.status,
    planId: plan?.id ?? null,
    stripePriceId: fields.stripePriceId,
    quantity: fields.quantity,
    currentPeriodStart: fields.currentPeriodStart,
    currentPeriodEnd: fields.currentPeriodEnd,
    cancelAtPeriodEnd: fields.cancelAtPeriodEnd,
    cancelAt: fields.cancelAt,
    canceledAt: fields.canceledAt,
    endedAt: fields.endedAt,
    trialEnd: fields.trialEnd,
    defaultPaymentMethod: fields.defaultPaymentMethod,
    latestInvoiceId: fields.latestInvoiceId,
  };
}
