// The plan-change pricing matrix, shared by the test files that run it under different proration rules: every
// ordered pair of the catalog's plans at the start, middle and end of a period (test clocks), through the app's
// own preview and change, compared with what Stripe then charged and shows as the next invoice.
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { afterAll, beforeAll, expect } from "vitest";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { seedPlans } from "@/lib/plans/seed-plans";
import { advanceClock } from "@asset-anchor/stripe-local/contract-harness";
import { catalogPlans } from "@/lib/plans/catalog";
import { changePlan } from "@/lib/billing/change-plan";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { createTestTenant } from "./test-db";
import { startLocalStripeForTests } from "./local-stripe";

/**
 * One emulator per test file with the catalog seeded into it: `stripe` and `priceOf` are ready once beforeAll ran.
 * `env` is set first, before the file's first getEnv(): the business rules under test.
 */
export function setUpPricedEmulator(env: Record<string, string> = {}): { stripe: () => Stripe; priceOf: Map<string, string> } {
  let emulator: StripeLocal | undefined;
  let stripe: Stripe | undefined;
  const priceOf = new Map<string, string>();
  beforeAll(async () => {
    ({ emulator, stripe } = await startLocalStripeForTests(env));
    for (const plan of await seedPlans()) priceOf.set(plan.key, plan.stripePriceId);
  });
  afterAll(async () => {
    await emulator?.stop();
    await getDb().$disconnect();
  });
  return { stripe: () => stripe as Stripe, priceOf };
}

export const START = Math.floor(Date.UTC(2027, 0, 31, 9, 30) / 1000);
export const MOMENTS = ["start", "middle", "end"] as const;
type Moment = (typeof MOMENTS)[number];

/** A tenant on `planKey` since START, its customer on a test clock moved to `moment` of the first period. */
export async function tenantAt(stripe: Stripe, priceOf: ReadonlyMap<string, string>, planKey: string, moment: Moment) {
  const tenant = await createTestTenant();
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({ test_clock: clock.id, metadata: { tenantId: tenant.id } });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  await getDb().tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: priceOf.get(planKey) as string }],
    metadata: { tenantId: tenant.id, plan: planKey },
  });
  expect(sub.status).toBe("active");
  const item = sub.items.data[0] as Stripe.SubscriptionItem;
  const at =
    moment === "start"
      ? item.current_period_start + 60
      : moment === "middle"
        ? Math.floor((item.current_period_start + item.current_period_end) / 2)
        : item.current_period_end - 3600;
  await advanceClock(stripe, clock.id, at);
  return { tenant, customerId: customer.id, subscriptionId: sub.id, at };
}

async function invoiceIds(stripe: Stripe, customer: string): Promise<Set<string>> {
  return new Set((await stripe.invoices.list({ customer, limit: 100 })).data.map((i) => i.id));
}


/** Runs every case; returns how many were checked and a line per mismatch. */
export async function runPlanChangeMatrix(stripe: Stripe, priceOf: ReadonlyMap<string, string>): Promise<{ checked: number; failures: string[] }> {
    const keys = catalogPlans().map((p) => p.key);
  let checked = 0;
  const failures: string[] = [];
  for (const from of keys) {
    for (const to of keys) {
      if (from === to) continue;
      for (const moment of MOMENTS) {
        const label = `${from} → ${to} at ${moment}`;
        const { tenant, customerId, subscriptionId, at } = await tenantAt(stripe, priceOf, from, moment);
        const now = new Date(at * 1000);
        const preview = await previewPlanChange(tenant, to, { now });
        const before = await invoiceIds(stripe, customerId);
        const result = await changePlan(tenant, preview.quote, { now });

        const created = (await stripe.invoices.list({ customer: customerId, limit: 100 })).data.filter((i) => !before.has(i.id));
        const chargedNow = created.reduce((sum, i) => sum + i.amount_paid, 0);
        const sub = await stripe.subscriptions.retrieve(subscriptionId);
        const item = sub.items.data[0] as Stripe.SubscriptionItem;
        const upcoming = await stripe.invoices.createPreview({ customer: customerId, subscription: subscriptionId });
        const customer = (await stripe.customers.retrieve(customerId)) as Stripe.Customer;

        const seen = {
          onNewPlan: item.price.id === priceOf.get(to),
          chargedNow,
          invoicesNow: created.length,
          unpaidNow: created.filter((i) => i.status !== "paid").length,
          resultInvoice: result.invoice?.amountPaid ?? 0,
          nextAmount: upcoming.amount_due,
          nextDate: item.current_period_end,
          ...(preview.invoicedNow && { creditAfter: Math.max(0, -customer.balance) }),
        };
        const expected = {
          onNewPlan: true,
          chargedNow: preview.chargedNow,
          invoicesNow: preview.invoicedNow ? 1 : 0,
          unpaidNow: 0,
          resultInvoice: preview.chargedNow,
          nextAmount: preview.nextInvoice.amount,
          nextDate: preview.nextInvoice.date,
          ...(preview.invoicedNow && { creditAfter: preview.creditAfter }),
        };
        if (JSON.stringify(seen) !== JSON.stringify(expected)) failures.push(`${label}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
        checked++;
      }
    }
  }
  return { checked, failures };
}
