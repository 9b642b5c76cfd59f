import "server-only";
import { getDb } from "@/lib/db/client";
import { schedulePeriodic } from "@/lib/jobs/schedule-periodic";
import { ABANDONED_AFTER_SECONDS, closeCheckoutAttempts, type ClosedAttempts } from "./close-checkout-attempts";
import { isLiveStatus } from "./current-subscription";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { enforceOneLiveSubscription } from "./enforce-one-live-subscription";

/**
 * The sweep for leftovers (`npm run billing:close-abandoned`, and the checkout page's own start): for every tenant
 * with a Stripe customer, attempts older than `olderThanSeconds` are closed; a tenant that holds a live
 * subscription gets the full one-live-subscription treatment (every other attempt closed, duplicates refunded).
 */
export async function closeAbandonedCheckouts(
  opts: { olderThanSeconds?: number; onlyWithIncompleteRows?: boolean } = {},
): Promise<ClosedAttempts & { tenants: number }> {
  const total: ClosedAttempts & { tenants: number } = { canceledSubscriptions: [], voidedInvoices: [], expiredSessions: [], tenants: 0 };
  const olderThanSeconds = opts.olderThanSeconds ?? ABANDONED_AFTER_SECONDS;
  // The periodic sweep asks Stripe only about tenants our webhooks saw leave an unpaid attempt behind (one Stripe
  // list per tenant would not scale to every tenant each hour); the command checks every tenant with a customer.
  const unpaidAttempt = opts.onlyWithIncompleteRows
    ? { subscriptions: { some: { status: "incomplete" as const, createdAt: { lt: new Date(Date.now() - olderThanSeconds * 1000) } } } }
    : {};
  let cursor: string | undefined;
  for (;;) {
    const tenants = await getDb().tenant.findMany({
      where: { stripeCustomerId: { not: null }, ...unpaidAttempt },
      select: { id: true, stripeCustomerId: true },
      orderBy: { id: "asc" },
      take: 100,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
    });
    if (tenants.length === 0) break;
    for (const tenant of tenants) {
      const customerId = tenant.stripeCustomerId as string;
      total.tenants += 1;
      const subs = await listCustomerSubscriptions(customerId);
      const closed = subs.some((s) => isLiveStatus(s.status))
        ? (await enforceOneLiveSubscription(customerId, { actor: "system" }))?.closedAttempts
        : await closeCheckoutAttempts(customerId, subs, { olderThanSeconds });
      if (!closed) continue;
      total.canceledSubscriptions.push(...closed.canceledSubscriptions);
      total.voidedInvoices.push(...closed.voidedInvoices);
      total.expiredSessions.push(...closed.expiredSessions);
    }
    cursor = tenants.at(-1)?.id;
  }
  return total;
}

/** Started once per server process (instrumentation.ts): hourly, so a tenant who gives up leaves nothing open. */
export function startAbandonedCheckoutSweep(): void {
  schedulePeriodic({
    name: "abandoned checkout sweep",
    everyMs: 3600 * 1000,
    firstRunAfterMs: 10 * 60 * 1000,
    run: async () => {
      const closed = await closeAbandonedCheckouts({ onlyWithIncompleteRows: true });
      return closed.canceledSubscriptions.length + closed.expiredSessions.length > 0
        ? { tenants: closed.tenants, canceled: closed.canceledSubscriptions.length, voided: closed.voidedInvoices.length, expired: closed.expiredSessions.length }
        : null;
    },
  });
}
