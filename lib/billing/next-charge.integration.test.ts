// The next charge a plan change announces is the invoice Stripe then raises: one period of the new plan with the
// discounts that recur and the tax, as Stripe's own preview says, not our arithmetic. A German customer (19% VAT)
// with a 20%-off-forever coupon changes plan; the emulator's test clock then reaches the renewal, and its invoice
// must be what the plan-change preview and the dashboard's "Next charge" said. Real SDK, emulator, PostgreSQL.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { getDb } from "@/lib/db/client";
import { seedPlans } from "@/lib/plans/seed-plans";
import { createTestTenant } from "@/testing/test-db";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";
import { startLocalStripeForTests } from "@/testing/local-stripe";
import { billingDetailsSchema, saveBillingDetails } from "./billing-details";
import { changePlan } from "./change-plan";
import { getUpcomingCharge } from "./get-upcoming-charge";
import { previewPlanChange } from "./preview-plan-change";

let emulator: StripeLocal;
let stripe: Stripe;
const priceOf = new Map<string, string>();
const delivered = new Set<string>();
const BERLIN = { line1: "Unter den Linden 1", line2: null, city: "Berlin", state: null, postal_code: "10117", country: "DE" };
const HOUR = 3600;

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests({ STRIPE_TAX_ENABLED: "1", LOG_LEVEL: "silent" }));
  for (const plan of await seedPlans()) priceOf.set(plan.key, plan.stripePriceId);
});
afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

/** A taxed tenant on Starter monthly ($19) with 20% off forever, on a test clock so the renewal can be reached. */
async function discountedTaxedTenant() {
  const row = await createTestTenant();
  const tenant = { id: row.id, name: row.name, slug: row.slug };
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const customer = await stripe.customers.create({ metadata: { tenantId: tenant.id }, test_clock: clock.id });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  await getDb().tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
  await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Anchor GmbH", address: BERLIN, taxId: "" }), { userId: "next-charge-test-user" });
  const coupon = await stripe.coupons.create({ name: "LAUNCH20", percent_off: 20, duration: "forever" });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: priceOf.get("starter-month") as string }],
    discounts: [{ coupon: coupon.id }],
    automatic_tax: { enabled: true },
    metadata: { tenantId: tenant.id, plan: "starter-month" },
  });
  await deliverEmittedEvents(delivered);
  return { tenant, clock, customerId: customer.id, subscriptionId: sub.id };
}

/** Runs the clock to just after the current period's end and answers the renewal invoice it raised. */
async function renewal(clockId: string, customerId: string, subscriptionId: string): Promise<Stripe.Invoice> {
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const periodEnd = sub.items.data[0]?.current_period_end as number;
  await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: periodEnd + HOUR });
  for (let i = 0; i < 100 && (await stripe.testHelpers.testClocks.retrieve(clockId)).status !== "ready"; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const invoices = await stripe.invoices.list({ customer: customerId, limit: 100 });
  const cycle = invoices.data.filter((i) => i.billing_reason === "subscription_cycle");
  expect(cycle).toHaveLength(1);
  return cycle[0] as Stripe.Invoice;
}

const taxOf = (invoice: Stripe.Invoice) => (invoice.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0);

describe("the next charge after a plan change equals the invoice Stripe raises (VAT on, 20% off forever)", () => {
  it("Starter → Pro monthly, invoiced now: the next invoice is $39.20 + 19% VAT = $46.65, and so is the renewal", async () => {
    const { tenant, clock, customerId, subscriptionId } = await discountedTaxedTenant();
    const preview = await previewPlanChange(tenant, "pro-month", { now: new Date(clock.frozen_time * 1000) });
    expect(preview.invoicedNow).toBe(true);
    // $49 less 20% is $39.20; 19% VAT on it is $7.45.
    expect(preview.nextInvoice.amount).toBe(3920 + 745);
    await changePlan(tenant, preview.quote);
    await deliverEmittedEvents(delivered);

    // The dashboard's "Next charge" says the same.
    const upcoming = await getUpcomingCharge(tenant.id, subscriptionId);
    expect(upcoming?.next?.amount).toBe(preview.nextInvoice.amount);

    const invoice = await renewal(clock.id, customerId, subscriptionId);
    expect(invoice).toMatchObject({ subtotal: 4900, total: preview.nextInvoice.amount, amount_due: preview.nextInvoice.amount });
    expect(taxOf(invoice)).toBe(745);
    expect(invoice.period_end).toBe(preview.nextInvoice.date);
  });

  it("Starter monthly → Pro yearly (a new cycle, invoiced now): the next invoice is $392 + 19% VAT, and so is the renewal", async () => {
    const { tenant, clock, customerId, subscriptionId } = await discountedTaxedTenant();
    const preview = await previewPlanChange(tenant, "pro-year", { now: new Date(clock.frozen_time * 1000) });
    expect(preview.invoicedNow).toBe(true);
    // $490 less 20% is $392; 19% VAT on it is $74.48.
    expect(preview.nextInvoice.amount).toBe(39_200 + 7448);
    await changePlan(tenant, preview.quote);
    await deliverEmittedEvents(delivered);

    const invoice = await renewal(clock.id, customerId, subscriptionId);
    expect(invoice).toMatchObject({ subtotal: 49_000, amount_due: preview.nextInvoice.amount });
    expect(invoice.period_end).toBe(preview.nextInvoice.date);
  });

  it("after a downgrade left its credit pending, an upgrade invoiced now: the next invoice is one period of Pro, not the pending items again", async () => {
    const { tenant, clock, customerId, subscriptionId } = await discountedTaxedTenant();
    const now = new Date(clock.frozen_time * 1000);
    await changePlan(tenant, (await previewPlanChange(tenant, "pro-month", { now })).quote);
    await deliverEmittedEvents(delivered);
    // Pro → Starter is credited, not invoiced: Stripe keeps the proration as pending invoice items.
    const downgrade = await previewPlanChange(tenant, "starter-month", { now });
    expect(downgrade.invoicedNow).toBe(false);
    await changePlan(tenant, downgrade.quote);
    await deliverEmittedEvents(delivered);
    expect((await stripe.invoiceItems.list({ customer: customerId, pending: true })).data.length).toBeGreaterThan(0);

    // Back to Pro, invoiced now: that invoice takes the pending items; the renewal after it is Pro's period alone.
    const preview = await previewPlanChange(tenant, "pro-month", { now });
    expect(preview.invoicedNow).toBe(true);
    expect(preview.nextInvoice.amount).toBe(3920 + 745);
    await changePlan(tenant, preview.quote);
    await deliverEmittedEvents(delivered);
    expect((await stripe.invoiceItems.list({ customer: customerId, pending: true })).data).toEqual([]);
    expect((await getUpcomingCharge(tenant.id, subscriptionId))?.next?.amount).toBe(preview.nextInvoice.amount);

    const invoice = await renewal(clock.id, customerId, subscriptionId);
    expect(invoice).toMatchObject({ subtotal: 4900, amount_due: preview.nextInvoice.amount });
  });
});
