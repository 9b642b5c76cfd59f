import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import { retrieveCustomerTenantId } from "@/lib/stripe/retrieve-customer";
import { tenantConflict, tenantUnmatched } from "./parked-event";

// The tenant of a Stripe object, in one place: the customer's owner (the tenant whose stripeCustomerId it is)
// decides; metadata (the object's, or the customer's in Stripe) only links a customer nobody owns yet to a tenant
// that has none. Said twice in one module, because one statement cannot call TypeScript: `tenantSql` for the
// record writes (versioned-row.ts) and `resolveTenant` when that statement found no tenant and Stripe must be asked.

export type TenantHints = { metadataTenantId: string | null; stripeCustomerId: string | null };

/**
 * The rule as a CTE body selecting one `"id"` (null: no tenant agreed on). Reads the object's row as `"old"`: the
 * metadata, the row's own tenant and a customer-less tenant the metadata names must agree with the customer's
 * owner, or the id is null and the statement writes nothing (the transactional path then parks the event as a
 * conflict, or asks Stripe).
 */
export function tenantSql({ metadataTenantId, stripeCustomerId }: TenantHints): Prisma.Sql {
  return Prisma.sql`SELECT CASE WHEN (${metadataTenantId}::text IS NULL OR ${metadataTenantId}::text = c."id")
          AND (NOT EXISTS (SELECT 1 FROM "old") OR (SELECT "tenantId" FROM "old") = c."id")
          AND (c."owned" OR ${stripeCustomerId}::text IS NULL
            OR (SELECT "stripeCustomerId" FROM "Tenant" WHERE "id" = ${metadataTenantId}::text) IS NULL)
        THEN c."id" END AS "id"
      FROM (SELECT COALESCE(
          (SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = ${stripeCustomerId}::text),
          (SELECT "tenantId" FROM "old"),
          (SELECT "id" FROM "Tenant" WHERE "id" = ${metadataTenantId}::text)
        ) AS "id",
        EXISTS (SELECT 1 FROM "Tenant" WHERE "stripeCustomerId" = ${stripeCustomerId}::text) AS "owned") AS c`;
}

/** The tenant of an object we hold no row for, by the same rule, without asking Stripe (null: not ours, or disputed). */
export async function findTenantId(db: Db | Tx, hints: TenantHints): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string | null }[]>`
    WITH "old" AS (SELECT NULL::text AS "tenantId" WHERE false), "tenant" AS (${tenantSql(hints)})
    SELECT "id" FROM "tenant"`;
  return rows[0]?.id ?? null;
}

export type ResolvedTenant = { tenantId: string; linkedCustomerId: string | null };

/**
 * Inside an event's transaction, when the statement found no tenant: the same rule, asking Stripe for the
 * customer's metadata when nothing local names one, and linking the customer. Metadata naming another tenant than
 * the owner, or a tenant that already has a different customer, is a conflict; a customer that no tenant owns or
 * claims is unmatched. Both park the event (ParkedEventError) instead of being retried for ever.
 */
export async function resolveTenant(tx: Tx, hints: TenantHints): Promise<ResolvedTenant> {
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

export async function resolveTenantId(tx: Tx, hints: TenantHints): Promise<string> {
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
