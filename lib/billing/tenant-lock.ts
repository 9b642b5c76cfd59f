import "server-only";
import { getDb, type Tx } from "@/lib/db/client";

/**
 * Runs `fn` while holding a PostgreSQL advisory lock for (scope, tenant), so two tabs or a double click
 * reach Stripe one after the other and the second sees what the first created. The lock is
 * transaction-scoped: it is released when the transaction ends, even if the process dies.
 */
export async function withTenantLock<T>(scope: string, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${scope}:${tenantId}`}, 0))`;
      return fn(tx);
    },
    // Stripe calls happen inside: allow for the SDK's own timeout and retries, and a queue of waiters.
    { maxWait: 30_000, timeout: 60_000 },
  );
}
