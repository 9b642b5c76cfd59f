import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { subscriptionFields, type SubscriptionFields } from "@/lib/stripe/mappers";
import { retrieveSubscription } from "@/lib/stripe/gateway";
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

// Hot path: one statement locks the row and reads its version, resolves the tenant (the row's own, else by
// metadata or linked customer), and inserts or applies a newer state. Only a tie, a tenant we cannot find in
// the database, or a first write of a fresh object take a second statement.

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
  let result = await upsert(ctx, fields, fields.metadataTenantId);
  if (result.tenantId === null) {
    // Neither metadata nor a linked customer names a tenant we have: ask Stripe for the customer's metadata.
    const tenantId = await resolveTenantId(ctx.tx, fields);
    result = await upsert(ctx, fields, tenantId);
  }
  if (result.written === 0 && result.oldCreated === null) {
    // A concurrent first write committed after this statement's snapshot; the next statement sees (and locks) it.
    result = await upsert(ctx, fields, result.tenantId);
  }
  const tenantId = result.tenantId;
  if (tenantId === null) throw new Error(`Subscription ${fields.stripeSubscriptionId}: no tenant`);

  if (result.written === 1) {
    if (result.oldStatus !== fields.status) auditStatus(ctx, tenantId, fields, result.oldStatus);
    return { tenantId };
  }
  if (result.oldCreated === null) throw new Error(`Subscription ${fields.stripeSubscriptionId} vanished during sync`);

  const decision = decideWrite(
    { lastEventCreated: result.oldCreated, lastEventId: result.oldEventId },
    ctx.version,
    options.fresh,
  );
  // "apply" here is a tie the statement's strict `<` guard left alone: the same event again, or a fresh object.
  if (decision === "skip" || (decision === "apply" && !options.fresh)) return { tenantId };
  if (decision === "refetch") fields = subscriptionFields(await retrieveSubscription(fields.stripeSubscriptionId));
  await overwrite(ctx, fields, ctx.version);
  if (result.oldStatus !== fields.status) auditStatus(ctx, tenantId, fields, result.oldStatus);
  return { tenantId };
}

function auditStatus(ctx: HandlerContext, tenantId: string, fields: SubscriptionFields, before: string | null): void {
  recordAudit(ctx, {
    tenantId,
    action: "subscription.status_changed",
    before: before === null ? null : { stripeSubscriptionId: fields.stripeSubscriptionId, status: before },
    after: { stripeSubscriptionId: fields.stripeSubscriptionId, status: fields.status },
  });
}

/**
 * The row lock (`old … FOR UPDATE`) serializes events for one subscription, also across app instances; the
 * conflict arbiter makes two first writes race into one insert and one guarded update, never a key violation.
 */
async function upsert(ctx: HandlerContext, f: SubscriptionFields, metadataTenantId: string | null): Promise<Written> {
  const v = ctx.version;
  const [row] = await ctx.tx.$queryRaw<Written[]>`
    WITH "old" AS (
      SELECT "status"::text AS "status", "lastEventCreated", "lastEventId", "tenantId" FROM "Subscription"
      WHERE "stripeSubscriptionId" = ${f.stripeSubscriptionId} FOR UPDATE
    ), "tenant" AS (
      SELECT COALESCE(
        (SELECT "tenantId" FROM "old"),
        (SELECT "id" FROM "Tenant" WHERE "id" = ${metadataTenantId}::text OR "stripeCustomerId" = ${f.stripeCustomerId}::text
          ORDER BY ("id" = ${metadataTenantId}::text) DESC NULLS LAST LIMIT 1)
      ) AS "id"
    ), "link" AS (
      -- First sight of a customer on a tenant found by metadata: link it, unless another tenant already has it.
      UPDATE "Tenant" SET "stripeCustomerId" = ${f.stripeCustomerId}::text, "updatedAt" = now()
      WHERE "id" = (SELECT "id" FROM "tenant") AND "stripeCustomerId" IS NULL AND ${f.stripeCustomerId}::text IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "old")
        AND NOT EXISTS (SELECT 1 FROM "Tenant" WHERE "stripeCustomerId" = ${f.stripeCustomerId}::text)
    ), "written" AS (
      INSERT INTO "Subscription" ("id", "tenantId", "stripeSubscriptionId", "status", "planId", "stripePriceId", "quantity",
        "currentPeriodStart", "currentPeriodEnd", "cancelAtPeriodEnd", "cancelAt", "canceledAt", "endedAt", "trialEnd",
        "defaultPaymentMethod", "latestInvoiceId", "lastEventCreated", "lastEventId", "updatedAt")
      SELECT ${randomUUID()}::text, "tenant"."id", ${f.stripeSubscriptionId}::text, ${f.status}::"SubscriptionStatus",
        (SELECT "id" FROM "Plan" WHERE "stripePriceId" = ${f.stripePriceId}::text), ${f.stripePriceId}::text, ${f.quantity}::int,
        ${f.currentPeriodStart}::timestamp(3), ${f.currentPeriodEnd}::timestamp(3), ${f.cancelAtPeriodEnd}::boolean,
        ${f.cancelAt}::timestamp(3), ${f.canceledAt}::timestamp(3), ${f.endedAt}::timestamp(3), ${f.trialEnd}::timestamp(3),
        ${f.defaultPaymentMethod}::text, ${f.latestInvoiceId}::text, ${v.created}::int, ${v.eventId}::text, now()
      FROM "tenant" WHERE "tenant"."id" IS NOT NULL
      ON CONFLICT ("stripeSubscriptionId") DO UPDATE SET "status" = EXCLUDED."status", "planId" = EXCLUDED."planId",
        "stripePriceId" = EXCLUDED."stripePriceId", "quantity" = EXCLUDED."quantity",
        "currentPeriodStart" = EXCLUDED."currentPeriodStart", "currentPeriodEnd" = EXCLUDED."currentPeriodEnd",
        "cancelAtPeriodEnd" = EXCLUDED."cancelAtPeriodEnd", "cancelAt" = EXCLUDED."cancelAt",
        "canceledAt" = EXCLUDED."canceledAt", "endedAt" = EXCLUDED."endedAt", "trialEnd" = EXCLUDED."trialEnd",
        "defaultPaymentMethod" = EXCLUDED."defaultPaymentMethod", "latestInvoiceId" = EXCLUDED."latestInvoiceId",
        "lastEventCreated" = EXCLUDED."lastEventCreated", "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
      WHERE "Subscription"."lastEventCreated" < EXCLUDED."lastEventCreated"
      RETURNING 1
    )
    SELECT (SELECT "status" FROM "old") AS "oldStatus", (SELECT "lastEventCreated" FROM "old") AS "oldCreated",
      (SELECT "lastEventId" FROM "old") AS "oldEventId", (SELECT "id" FROM "tenant") AS "tenantId",
      (SELECT count(*) FROM "written")::int AS "written"`;
  if (!row) throw new Error("upsert returned no row");
  return row;
}

/** After a tie: the row is already locked by `upsert`; write the state we now trust. */
async function overwrite(ctx: HandlerContext, f: SubscriptionFields, v: EventVersion): Promise<void> {
  await ctx.tx.$executeRaw`
    UPDATE "Subscription" SET "status" = ${f.status}::"SubscriptionStatus",
      "planId" = (SELECT "id" FROM "Plan" WHERE "stripePriceId" = ${f.stripePriceId}), "stripePriceId" = ${f.stripePriceId},
      "quantity" = ${f.quantity}, "currentPeriodStart" = ${f.currentPeriodStart}, "currentPeriodEnd" = ${f.currentPeriodEnd},
      "cancelAtPeriodEnd" = ${f.cancelAtPeriodEnd}, "cancelAt" = ${f.cancelAt}, "canceledAt" = ${f.canceledAt},
      "endedAt" = ${f.endedAt}, "trialEnd" = ${f.trialEnd}, "defaultPaymentMethod" = ${f.defaultPaymentMethod},
      "latestInvoiceId" = ${f.latestInvoiceId}, "lastEventCreated" = ${v.created}, "lastEventId" = ${v.eventId},
      "updatedAt" = now()
    WHERE "stripeSubscriptionId" = ${f.stripeSubscriptionId}`;
}
