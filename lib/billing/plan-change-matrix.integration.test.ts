// Every ordered pair of the six plans, at the start, middle and end of a period (test clocks), through the app's
// own preview and change against the emulator with the real SDK: the preview's "due now" is what is charged at
// once and its "next invoice" is the next invoice Stripe then shows, to the cent and to the second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { startStripeLocal } from "@/stripe-local/index";
import { advanceClock } from "@/stripe-local/contract-harness";
import { getDb } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { createTestTenant } from "@/lib/testing/test-db";
import { seedPlans } from "@/lib/plans/seed-plans";
import { catalogPlans } from "@/lib/plans/catalog";
import { previewPlanChange } from "./preview-plan-change";
import { changePlan } from "./change-plan";
import { getUpcomingCharge } from "./get-upcoming-charge";

type Emulator = Awaited<ReturnType<typeof startStripeLocal>>;
let emulator: Emulator;
let stripe: Stripe;
const priceOf = new Map<string, string>();

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  process.env.STRIPE_API_URL = emulator.url;
  (globalThis as { assetAnchorStripe?: unknown }).assetAnchorStripe = undefined;
  stripe = getStripe();
  for (const plan of await seedPlans()) priceOf.set(plan.key, plan.stripePriceId);
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

const START = Math.floor(Date.UTC(2027, 0, 31, 9, 30) / 1000);
const MOMENTS = ["start", "middle", "end"] as const;
type Moment = (typeof MOMENTS)[number];

/** A tenant on `planKey` since START, its customer on a test clock moved to `moment` of the first period. */
async function tenantAt(planKey: string, moment: Moment) {
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

async function invoiceIds(customer: string): Promise<Set<string>> {
  return new Set((await stripe.invoices.list({ customer, limit: 100 })).data.map((i) => i.id));
}

describe("plan change pricing matrix", () => {
  it("every ordered pair at the start, middle and end of a period: preview = charge now, and = the next invoice", async () => {
    const keys = catalogPlans().map((p) => p.key);
    let checked = 0;
    const failures: string[] = [];
    for (const from of keys) {
      for (const to of keys) {
        if (from === to) continue;
        for (const moment of MOMENTS) {
          const label = `${from} → ${to} at ${moment}`;
          const { tenant, customerId, subscriptionId, at } = await tenantAt(from, moment);
          const now = new Date(at * 1000);
          const preview = await previewPlanChange(tenant, to, { now });
          const before = await invoiceIds(customerId);
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
    console.log(`plan change matrix: ${checked} cases checked (${checked / MOMENTS.length} ordered pairs × ${MOMENTS.length} moments), ${failures.length} mismatched`);
    expect(failures).toEqual([]);
    expect(checked).toBe(keys.length * (keys.length - 1) * MOMENTS.length);
  }, 600_000);

  it("labels Pro monthly → Pro yearly as a billing switch and prices it as charged now", async () => {
    const { tenant, at } = await tenantAt("pro-month", "middle");
    const preview = await previewPlanChange(tenant, "pro-year", { now: new Date(at * 1000) });
    expect(preview.title).toBe("Switch to yearly billing");
    expect(preview.invoicedNow).toBe(true);
    expect(preview.chargedNow).toBeGreaterThan(0);
    expect(preview.chargedNow).toBe(preview.amountDue);
    expect(preview.lines.some((l) => l.proration && l.amount < 0)).toBe(true);
    expect(preview.lines.some((l) => !l.proration && l.amount === 49000)).toBe(true);
  });

  it("the dashboard's next charge and credit balance are the preview's, after a switch that leaves credit", async () => {
    const { tenant, subscriptionId, at } = await tenantAt("scale-year", "middle");
    const now = new Date(at * 1000);
    const preview = await previewPlanChange(tenant, "starter-month", { now });
    expect(preview.creditAfter).toBeGreaterThan(0);
    await changePlan(tenant, preview.quote, { now });
    const upcoming = await getUpcomingCharge(tenant.id, subscriptionId);
    expect(upcoming?.creditBalance).toBe(preview.creditAfter);
    expect(upcoming?.next).toEqual({ amount: preview.nextInvoice.amount, date: new Date(preview.nextInvoice.date * 1000) });
  });
});
