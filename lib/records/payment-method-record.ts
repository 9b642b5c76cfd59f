import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { retrievePaymentMethod } from "@/lib/stripe/retrieve-payment-method";
import { paymentMethodFields } from "@/lib/stripe/mappers";
import type { EventRecord } from "./event-record";
import { resolveTenantId } from "./tenant-of";
import type { WriteContext } from "./write-context";

// The PaymentMethod table's record module: one card per tenant, the newest event's. Not a versioned row (its
// guard is the conditional upsert below, and its tenant may need Stripe), so it always takes the transaction.

/**
 * Keeps the tenant's card (brand, last4, expiry) as of the newest event that attached or updated one.
 * One statement: the conditional upsert is the version guard.
 */
async function syncPaymentMethod(
  ctx: WriteContext,
  paymentMethod: Stripe.PaymentMethod,
): Promise<{ tenantId: string | null }> {
  // The ledger's copy has the card details nulled (redact-payload.ts): applied from it, the card is refetched.
  const source = paymentMethod.card && !paymentMethod.card.last4 ? await retrievePaymentMethod(paymentMethod.id) : paymentMethod;
  const fields = paymentMethodFields(source);
  if (!fields || !fields.stripeCustomerId) return { tenantId: null };
  const tenantId = await resolveTenantId(ctx.tx, { metadataTenantId: source.metadata?.tenantId ?? null, stripeCustomerId: fields.stripeCustomerId });
  const created = ctx.version.created;
  // A card moving to this tenant frees its old row first, so the unique payment-method id never collides.
  await ctx.tx.$executeRaw`
    DELETE FROM "PaymentMethod" WHERE "stripePaymentMethodId" = ${fields.stripePaymentMethodId} AND "tenantId" <> ${tenantId}`;
  await ctx.tx.$executeRaw`
    INSERT INTO "PaymentMethod" ("id", "tenantId", "stripePaymentMethodId", "brand", "last4", "expMonth", "expYear", "lastEventCreated", "updatedAt")
    VALUES (${randomUUID()}, ${tenantId}, ${fields.stripePaymentMethodId}, ${fields.brand}, ${fields.last4}, ${fields.expMonth}, ${fields.expYear}, ${created}, now())
    ON CONFLICT ("tenantId") DO UPDATE SET
      "stripePaymentMethodId" = EXCLUDED."stripePaymentMethodId", "brand" = EXCLUDED."brand", "last4" = EXCLUDED."last4",
      "expMonth" = EXCLUDED."expMonth", "expYear" = EXCLUDED."expYear",
      "lastEventCreated" = EXCLUDED."lastEventCreated", "updatedAt" = now()
    WHERE "PaymentMethod"."lastEventCreated" <= EXCLUDED."lastEventCreated"`;
  return { tenantId };
}

export const paymentMethodRecord: EventRecord<Stripe.PaymentMethod> = {
  apply: (ctx, paymentMethod) => syncPaymentMethod(ctx, paymentMethod),
};
