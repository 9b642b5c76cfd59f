import "server-only";
import { getDb } from "@/lib/db/client";
import { getCurrentSubscriptionRow } from "./get-billing-overview";

type Row = NonNullable<Awaited<ReturnType<typeof getCurrentSubscriptionRow>>>;

// Our rows change only when Stripe's webhook arrives, usually within a second of the API call. Actions wait
// briefly (reading, never writing) so the page they re-render already shows the outcome; when the webhook is
// slower the page says the change is on its way.
async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function waitForSubscriptionById(
  tenantId: string,
  stripeSubscriptionId: string,
  predicate: (row: Row) => boolean,
  timeoutMs = 6_000,
): Promise<boolean> {
  return poll(async () => {
    const row = await getDb().subscription.findFirst({ where: { tenantId, stripeSubscriptionId }, include: { plan: true } });
    return row !== null && predicate(row);
  }, timeoutMs);
}

export function waitForDefaultPaymentMethod(tenantId: string, stripePaymentMethodId: string, timeoutMs = 6_000) {
  return poll(async () => {
    const row = await getDb().paymentMethod.findUnique({ where: { tenantId }, select: { stripePaymentMethodId: true } });
    return row?.stripePaymentMethodId === stripePaymentMethodId;
  }, timeoutMs);
}
