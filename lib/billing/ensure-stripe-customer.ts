import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createCustomer } from "@/lib/stripe/create-customer";
import { createTestClock } from "@/lib/stripe/create-test-clock";
import { AppError } from "@/lib/errors";

export interface BillingTenant {
  id: string;
  name: string;
  slug: string;
}

/**
 * The tenant's Stripe customer, created on first need. The tenant row is locked while creating, and the
 * creation's idempotency key is the tenant id, so concurrent callers end up with one customer. Writing
 * stripeCustomerId here is allowed: it is an identity link, not billing state.
 */
export async function ensureStripeCustomer(tenant: BillingTenant, opts: { email?: string } = {}): Promise<string> {
  const db = getDb();
  const existing = await db.tenant.findUnique({ where: { id: tenant.id }, select: { stripeCustomerId: true } });
  if (!existing) throw new AppError("not_found");
  if (existing.stripeCustomerId) return existing.stripeCustomerId;

  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ stripeCustomerId: string | null }[]>`
        SELECT "stripeCustomerId" FROM "Tenant" WHERE id = ${tenant.id} FOR UPDATE`;
      const locked = rows[0];
      if (!locked) throw new AppError("not_found");
      if (locked.stripeCustomerId) return locked.stripeCustomerId;
      const testClock = getEnv().STRIPE_TEST_CLOCKS ? await createTestClock(tenant) : null;
      const customer = await createCustomer(tenant, { ...opts, testClock });
      await tx.tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
      return customer.id;
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}
