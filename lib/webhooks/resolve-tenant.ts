import "server-only";
import { retrieveCustomer } from "@/lib/stripe/gateway";
import type { Tx } from "./handler-context";

export class TenantNotFoundError extends Error {
  constructor(detail: string) {
    super(`No tenant for ${detail}`);
    this.name = "TenantNotFoundError";
  }
}

type Hints = { metadataTenantId: string | null; stripeCustomerId: string | null };

/**
 * Finds our tenant for a Stripe object: its own metadata.tenantId, then the tenant linked to its customer, then
 * the customer's metadata in Stripe. Not found is an error on purpose: the event is retried, by which time
 * checkout.session.completed has usually linked the customer.
 */
export async function resolveTenantId(tx: Tx, hints: Hints): Promise<string> {
  const { metadataTenantId, stripeCustomerId } = hints;
  if (metadataTenantId || stripeCustomerId) {
    const rows = await tx.$queryRaw<{ id: string; stripeCustomerId: string | null }[]>`
      SELECT "id", "stripeCustomerId" FROM "Tenant"
      WHERE "id" = ${metadataTenantId} OR "stripeCustomerId" = ${stripeCustomerId}`;
    const byMetadata = rows.find((row) => row.id === metadataTenantId);
    const chosen = byMetadata ?? rows[0];
    if (chosen) {
      if (stripeCustomerId && chosen.stripeCustomerId === null) await linkCustomer(tx, chosen.id, stripeCustomerId);
      return chosen.id;
    }
  }
  if (stripeCustomerId) {
    const customer = await retrieveCustomer(stripeCustomerId);
    const fromCustomer = "deleted" in customer && customer.deleted ? null : (customer.metadata?.tenantId ?? null);
    if (fromCustomer) {
      const tenant = await tx.tenant.findUnique({ where: { id: fromCustomer }, select: { id: true, stripeCustomerId: true } });
      if (tenant) {
        if (tenant.stripeCustomerId === null) await linkCustomer(tx, tenant.id, stripeCustomerId);
        return tenant.id;
      }
    }
  }
  throw new TenantNotFoundError(`customer ${stripeCustomerId ?? "(none)"} / metadata ${metadataTenantId ?? "(none)"}`);
}

async function linkCustomer(tx: Tx, tenantId: string, stripeCustomerId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Tenant" SET "stripeCustomerId" = ${stripeCustomerId}, "updatedAt" = now()
    WHERE "id" = ${tenantId} AND "stripeCustomerId" IS NULL`;
}
