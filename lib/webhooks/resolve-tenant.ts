import "server-only";
import { retrieveCustomerTenantId } from "@/lib/stripe/retrieve-customer";
import type { Tx } from "@/lib/db/client";
import { tenantConflict, tenantUnmatched } from "./parked-event";

type Hints = { metadataTenantId: string | null; stripeCustomerId: string | null };

export type ResolvedTenant = { tenantId: string; linkedCustomerId: string | null };

/**
 * Finds our tenant for a Stripe object. The customer's owner (the tenant whose stripeCustomerId it is) decides;
 * metadata (the object's, or the customer's in Stripe) only links a customer nobody owns yet to a tenant that has
 * none. Metadata naming another tenant than the owner, or a tenant that already has a different customer, is a
 * conflict; a customer that no tenant owns or claims is unmatched. Both park the event (ParkedEventError) instead
 * of being retried for ever. The same rule, in SQL, is the fast path's `"tenant"` CTE (sync/versioned-row.ts).
 */
export async function resolveTenant(tx: Tx, hints: Hints): Promise<ResolvedTenant> {
  const { metadataTenantId, stripeCustomerId } = hints;
  if (stripeCustomerId) {
    const [owner] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = ${stripeCustomerId}`;
    if (owner) {
      if (metadataTenantId && metadataTenantId !== owner.id) {
        throw tenantConflict(`metadata names tenant ${metadataTenantId}, but customer ${stripeCustomerId} belongs to tenant ${owner.id}`);
      }
      return { tenantId: owner.id, linkedCustomerId: null };
    }
    const named = metadataTenantId ?? (await retrieveCustomerTenantId(stripeCustomerId));
    if (named) return claimCustomer(tx, named, stripeCustomerId);
    throw tenantUnmatched(`customer ${stripeCustomerId} belongs to no tenant`);
  }
  if (metadataTenantId) {
    const tenant = await tx.tenant.findUnique({ where: { id: metadataTenantId }, select: { id: true } });
    if (tenant) return { tenantId: tenant.id, linkedCustomerId: null };
    throw tenantUnmatched(`metadata names tenant ${metadataTenantId}, which does not exist`);
  }
  throw tenantUnmatched("no customer and no tenant metadata");
}

export async function resolveTenantId(tx: Tx, hints: Hints): Promise<string> {
  return (await resolveTenant(tx, hints)).tenantId;
}

/** Links a customer nobody owns to the tenant named for it, unless that tenant already has another customer. */
async function claimCustomer(tx: Tx, tenantId: string, stripeCustomerId: string): Promise<ResolvedTenant> {
  const [tenant] = await tx.$queryRaw<{ id: string; stripeCustomerId: string | null }[]>`
    SELECT "id", "stripeCustomerId" FROM "Tenant" WHERE "id" = ${tenantId} FOR UPDATE`;
  if (!tenant) throw tenantUnmatched(`customer ${stripeCustomerId} names tenant ${tenantId}, which does not exist`);
  if (tenant.stripeCustomerId === stripeCustomerId) return { tenantId, linkedCustomerId: null };
  if (tenant.stripeCustomerId !== null) {
    throw tenantConflict(`tenant ${tenantId} already has customer ${tenant.stripeCustomerId}, not ${stripeCustomerId}`);
  }
  await tx.$executeRaw`
    UPDATE "Tenant" SET "stripeCustomerId" = ${stripeCustomerId}, "updatedAt" = now()
    WHERE "id" = ${tenantId} AND "stripeCustomerId" IS NULL`;
  return { tenantId, linkedCustomerId: stripeCustomerId };
}
