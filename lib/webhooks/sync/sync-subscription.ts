import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { subscriptionFields, type SubscriptionFields } from "@/lib/stripe/mappers";
import { retrieveSubscription } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext } from "../handler-context";
import { resolveTenantId } from "../resolve-tenant";
import { decideWrite, type EventVersion } from "../versioned-write";

type Current = { id: string; tenantId: string; status: string; lastEventCreated: number; lastEventId: string | null };

// Hot path: raw SQL, few round trips. An existing row (most events) costs a lock and an update; the tenant is
// resolved only when the row is first created, and the plan is looked up inside the write.

/**
 * Writes a subscription as Stripe reports it, unless the row already holds a newer event's state.
 * `fresh`: the object was just retrieved from Stripe rather than taken from an event payload.
 */
export async function syncSubscription(
  ctx: HandlerContext,
  subscription: Stripe.Subscription,
  options: { fresh?: boolean } = {},
): Promise<{ tenantId: string }> {
  let fields = subscriptionFields(subscription);
  let current = await lockCurrent(ctx, fields.stripeSubscriptionId);
  if (!current) {
    const tenantId = await resolveTenantId(ctx.tx, fields);
    if (await insertRow(ctx, tenantId, fields, ctx.version)) {
      auditStatus(ctx, tenantId, fields, null);
      return { tenantId };
    }
    // Another event for the same subscription inserted it first; its row is there to lock now.
    current = await lockCurrent(ctx, fields.stripeSubscriptionId);
    if (!current) throw new Error(`Subscription ${fields.stripeSubscriptionId} vanished during sync`);
  }

  const decision = decideWrite(current, ctx.version, options.fresh);
  if (decision === "skip") return { tenantId: current.tenantId };
  if (decision === "refetch") fields = subscriptionFields(await retrieveSubscription(fields.stripeSubscriptionId));

  await updateRow(ctx, current.id, fields, ctx.version);
  if (current.status !== fields.status) auditStatus(ctx, current.tenantId, fields, current.status);
  return { tenantId: current.tenantId };
}

function auditStatus(ctx: HandlerContext, tenantId: string, fields: SubscriptionFields, before: string | null): void {
  recordAudit(ctx, {
    tenantId,
    action: "subscription.status_changed",
    before: before === null ? null : { stripeSubscriptionId: fields.stripeSubscriptionId, status: before },
    after: { stripeSubscriptionId: fields.stripeSubscriptionId, status: fields.status },
  });
}

// The row lock serializes events for one subscription, also across app instances.
async function lockCurrent(ctx: HandlerContext, stripeSubscriptionId: string): Promise<Current | null> {
  const [current] = await ctx.tx.$queryRaw<Current[]>`
    SELECT "id", "tenantId", "status"::text AS "status", "lastEventCreated", "lastEventId" FROM "Subscription"
    WHERE "stripeSubscriptionId" = ${stripeSubscriptionId} FOR UPDATE`;
  return current ?? null;
}

async function insertRow(ctx: HandlerContext, tenantId: string, f: SubscriptionFields, v: EventVersion): Promise<boolean> {
  const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Subscription" ("id", "tenantId", "stripeSubscriptionId", "status", "planId", "stripePriceId", "quantity",
      "currentPeriodStart", "currentPeriodEnd", "cancelAtPeriodEnd", "cancelAt", "canceledAt", "endedAt", "trialEnd",
      "defaultPaymentMethod", "latestInvoiceId", "lastEventCreated", "lastEventId", "updatedAt")
    VALUES (${randomUUID()}, ${tenantId}, ${f.stripeSubscriptionId}, ${f.status}::"SubscriptionStatus",
      (SELECT "id" FROM "Plan" WHERE "stripePriceId" = ${f.stripePriceId}), ${f.stripePriceId}, ${f.quantity},
      ${f.currentPeriodStart}, ${f.currentPeriodEnd}, ${f.cancelAtPeriodEnd}, ${f.cancelAt}, ${f.canceledAt}, ${f.endedAt},
      ${f.trialEnd}, ${f.defaultPaymentMethod}, ${f.latestInvoiceId}, ${v.created}, ${v.eventId}, now())
    ON CONFLICT ("stripeSubscriptionId") DO NOTHING
    RETURNING "id"`;
  return rows.length === 1;
}

async function updateRow(ctx: HandlerContext, id: string, f: SubscriptionFields, v: EventVersion): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE "Subscription" SET "status" = ${f.status}::"SubscriptionStatus",
      "planId" = (SELECT "id" FROM "Plan" WHERE "stripePriceId" = ${f.stripePriceId}), "stripePriceId" = ${f.stripePriceId},
      "quantity" = ${f.quantity}, "currentPeriodStart" = ${f.currentPeriodStart}, "currentPeriodEnd" = ${f.currentPeriodEnd},
      "cancelAtPeriodEnd" = ${f.cancelAtPeriodEnd}, "cancelAt" = ${f.cancelAt}, "canceledAt" = ${f.canceledAt},
      "endedAt" = ${f.endedAt}, "trialEnd" = ${f.trialEnd}, "defaultPaymentMethod" = ${f.defaultPaymentMethod},
      "latestInvoiceId" = ${f.latestInvoiceId}, "lastEventCreated" = ${v.created}, "lastEventId" = ${v.eventId},
      "updatedAt" = now()
    WHERE "id" = ${id}`;
}
