// MRR net of recurring discounts, as Stripe's dashboards count it, end to end: coupons redeemed on subscriptions
// through the real SDK against the emulator, the webhooks into PostgreSQL (the subscription record asks Stripe
// for the coupons a payload names by id), the MRR trigger and the admin's revenue figures. A `forever` coupon
// lowers MRR, a `repeating` one until its discount ends, a `once` one never; tax is never MRR; a yearly plan
// counts a twelfth; yen are whole yen. Each scenario has a plan of its own, so its "revenue by plan" line is its
// MRR whatever other suites write; the SEK scenarios are this file's alone, so their totals are exact.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { getDb } from "@/lib/db/client";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";
import { startLocalStripeForTests } from "@/testing/local-stripe";
import { getRevenue } from "./get-revenue";
import { settleEndedDiscounts } from "./settle-ended-discounts";

let emulator: StripeLocal;
let stripe: Stripe;
const delivered = new Set<string>();
const tag = uniqueSuffix();
const BERLIN = { line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117", country: "DE" };

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests({ STRIPE_TAX_ENABLED: "1", LOG_LEVEL: "silent" }));
});
afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

type Interval = "month" | "year";
let plans = 0;

/** A plan of its own (Stripe price and Plan row), so its line in "revenue by plan" is one scenario's MRR. */
async function createPlan(amount: number, currency: string, interval: Interval = "month") {
  plans += 1;
  const key = `mrr-${plans}-${tag}`;
  const product = await stripe.products.create({ name: `Pro ${plans}` });
  const price = await stripe.prices.create({ product: product.id, currency, unit_amount: amount, recurring: { interval } });
  const plan = await getDb().plan.create({
    data: { key, name: `Pro ${plans}`, amount, currency, interval, stripeProductId: product.id, stripePriceId: price.id },
  });
  return { ...plan, stripePriceId: price.id };
}

type Coupon = Stripe.CouponCreateParams;

/**
 * A tenant paying for `plan` by card with `coupon` redeemed, then the webhooks the emulator emitted. `startedAt`
 * (unix seconds): subscribe on a test clock frozen then, so a repeating discount's end can be in the past or close.
 */
async function subscribe(plan: { stripePriceId: string }, opts: { coupon?: Coupon; quantity?: number; taxed?: boolean; startedAt?: number } = {}) {
  const tenant = await createTestTenant({ name: `MRR ${tag}` });
  const clock = opts.startedAt ? await stripe.testHelpers.testClocks.create({ frozen_time: opts.startedAt }) : null;
  const customer = await stripe.customers.create({
    metadata: { tenantId: tenant.id },
    ...(clock && { test_clock: clock.id }),
    ...(opts.taxed && { address: BERLIN }),
  });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const coupon = opts.coupon ? await stripe.coupons.create(opts.coupon) : null;
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: plan.stripePriceId, quantity: opts.quantity ?? 1 }],
    default_payment_method: pm.id,
    ...(coupon && { discounts: [{ coupon: coupon.id }] }),
    ...(opts.taxed && { automatic_tax: { enabled: true } }),
    metadata: { tenantId: tenant.id },
    expand: ["latest_invoice"],
  });
  await deliverEmittedEvents(delivered);
  const row = await getDb().subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } });
  return { tenant, sub, invoice: sub.latest_invoice as Stripe.Invoice, row };
}

async function planMrr(plan: { id: string; currency: string }): Promise<number> {
  const revenue = await getRevenue({ currency: plan.currency });
  return revenue.byPlan.find((p) => p.planId === plan.id)?.mrr ?? 0;
}

async function summaryMrr(tenantId: string): Promise<number> {
  const row = await getDb().tenantBillingSummary.findUniqueOrThrow({ where: { tenantId } });
  return Number(row.mrr);
}

const SECOND = 1;
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** Unix seconds `months` calendar months before `at` (the emulator's repeating end adds months the same way). */
function monthsBefore(at: number, months: number): number {
  const d = new Date(at * 1000);
  d.setUTCMonth(d.getUTCMonth() - months);
  return Math.floor(d.getTime() / 1000);
}

describe("MRR net of recurring discounts (USD plans at $49 a month)", () => {
  it("LAUNCH20, 20% off forever, with German VAT on the invoice: MRR $39.20, tax excluded", async () => {
    const plan = await createPlan(4900, "usd");
    const { tenant, invoice, row } = await subscribe(plan, { coupon: { name: "LAUNCH20", percent_off: 20, duration: "forever" }, taxed: true });
    // Stripe charged the discounted price plus 19% VAT; MRR is the discounted price only.
    expect(invoice).toMatchObject({ subtotal: 4900, total: 3920 + 745, status: "paid" });
    expect(row.recurringDiscounts).toEqual([expect.objectContaining({ percentOff: 20, amountOff: null, end: null })]);
    expect(await planMrr(plan)).toBe(3920);
    expect(await summaryMrr(tenant.id)).toBe(3920);
  });

  it("$10 off forever: MRR $39.00", async () => {
    const plan = await createPlan(4900, "usd");
    const { tenant, invoice } = await subscribe(plan, { coupon: { amount_off: 1000, currency: "usd", duration: "forever" } });
    expect(invoice.total).toBe(3900);
    expect(await planMrr(plan)).toBe(3900);
    expect(await summaryMrr(tenant.id)).toBe(3900);
  });

  it("$10 off forever on three $15 seats comes off the invoice once: MRR $35.00", async () => {
    const plan = await createPlan(1500, "usd");
    const { invoice } = await subscribe(plan, { coupon: { amount_off: 1000, currency: "usd", duration: "forever" }, quantity: 3 });
    expect(invoice.total).toBe(3500);
    expect(await planMrr(plan)).toBe(3500);
  });

  it("50% off once: the first invoice is $24.50, MRR stays $49.00", async () => {
    const plan = await createPlan(4900, "usd");
    const { invoice, row } = await subscribe(plan, { coupon: { percent_off: 50, duration: "once" } });
    expect(invoice.total).toBe(2450);
    expect(row.recurringDiscounts).toEqual([]);
    expect(await planMrr(plan)).toBe(4900);
  });

  it("50% off for 3 months, still running: MRR $24.50, and the step back to $49.00 is recorded for its end", async () => {
    const plan = await createPlan(4900, "usd");
    const { row, sub } = await subscribe(plan, { coupon: { percent_off: 50, duration: "repeating", duration_in_months: 3 } });
    expect(await planMrr(plan)).toBe(2450);
    const discount = (await stripe.subscriptions.retrieve(sub.id, { expand: ["discounts"] })).discounts[0] as Stripe.Discount;
    const steps = await getDb().mrrDiscountEnd.findMany({ where: { subscriptionId: row.id } });
    expect(steps).toEqual([expect.objectContaining({ endsAt: new Date((discount.end as number) * 1000), fromMrr: 2450n, toMrr: 4900n })]);
  });

  it("50% off for 3 months that ended last month: MRR $49.00 (the first invoice was discounted)", async () => {
    const plan = await createPlan(4900, "usd");
    const { invoice } = await subscribe(plan, {
      coupon: { percent_off: 50, duration: "repeating", duration_in_months: 3 },
      startedAt: monthsBefore(nowSeconds(), 4),
    });
    expect(invoice.total).toBe(2450);
    expect(await planMrr(plan)).toBe(4900);
  });

  it("a repeating discount that ends while nobody writes: counted at read time, then settled into the history", async () => {
    const plan = await createPlan(4900, "usd");
    const endsAt = nowSeconds() + 3 * SECOND;
    const { tenant, row } = await subscribe(plan, {
      coupon: { percent_off: 50, duration: "repeating", duration_in_months: 3 },
      startedAt: monthsBefore(endsAt, 3),
    });
    expect(await planMrr(plan)).toBe(2450);
    await new Promise((resolve) => setTimeout(resolve, (endsAt + 1 - Date.now() / 1000) * 1000));

    // No write since: the revenue figures count the end as it comes; the stored sums do not have it yet.
    expect(await planMrr(plan)).toBe(4900);
    expect(Number((await getDb().planMrr.aggregate({ where: { planId: plan.id }, _sum: { mrr: true } }))._sum.mrr)).toBe(2450);

    expect(await settleEndedDiscounts()).toBeGreaterThanOrEqual(1);
    expect(await getDb().mrrDiscountEnd.count({ where: { subscriptionId: row.id } })).toBe(0);
    expect(await planMrr(plan)).toBe(4900);
    expect(await summaryMrr(tenant.id)).toBe(4900);
    const moves = await getDb().mrrMovement.findMany({ where: { subscriptionId: row.id }, orderBy: { id: "asc" } });
    expect(moves.map((m) => [m.kind, Number(m.fromMrr), Number(m.toMrr)])).toEqual([
      ["new", 0, 2450],
      ["expansion", 2450, 4900],
    ]);
    expect(moves[1]?.at).toEqual(new Date(endsAt * 1000));
    // Settled once: a second run finds nothing of this subscription's, and the figure stays.
    await settleEndedDiscounts();
    expect(await planMrr(plan)).toBe(4900);
  });

  it("a yearly plan ($490 a year) with 20% off forever: $392 a year, MRR $32.67", async () => {
    const plan = await createPlan(49_000, "usd", "year");
    const { invoice } = await subscribe(plan, { coupon: { percent_off: 20, duration: "forever" } });
    expect(invoice.total).toBe(39_200);
    expect(await planMrr(plan)).toBe(3267);
  });
});

describe("MRR in a zero-decimal currency (JPY, ¥1,200 a month)", () => {
  it("25% off forever: MRR ¥900", async () => {
    const plan = await createPlan(1200, "jpy");
    const { invoice } = await subscribe(plan, { coupon: { percent_off: 25, duration: "forever" } });
    expect(invoice).toMatchObject({ currency: "jpy", total: 900 });
    expect(await planMrr(plan)).toBe(900);
  });

  it("¥200 off forever: MRR ¥1,000", async () => {
    const plan = await createPlan(1200, "jpy");
    const { invoice } = await subscribe(plan, { coupon: { amount_off: 200, currency: "jpy", duration: "forever" } });
    expect(invoice.total).toBe(1000);
    expect(await planMrr(plan)).toBe(1000);
  });
});

describe("the admin revenue figures are net (SEK, this file's alone)", () => {
  it("MRR, ARR, new, expansion and churned MRR and revenue by plan count what the coupons leave", async () => {
    const plan = await createPlan(49_000, "sek");
    // New 39,200: 20% off forever; later the coupon is removed (expansion 9,800).
    const a = await subscribe(plan, { coupon: { percent_off: 20, duration: "forever" } });
    // New 44,000: 50 kr off forever; then canceled (churn 44,000).
    const b = await subscribe(plan, { coupon: { amount_off: 5000, currency: "sek", duration: "forever" } });
    // New 49,000: a repeating discount that had ended before its first write here.
    await subscribe(plan, { coupon: { percent_off: 50, duration: "repeating", duration_in_months: 1 }, startedAt: monthsBefore(nowSeconds(), 2) });
    await stripe.subscriptions.update(a.sub.id, { discounts: "" });
    await stripe.subscriptions.cancel(b.sub.id);
    await deliverEmittedEvents(delivered);

    const revenue = await getRevenue({ currency: "sek" });
    expect(revenue).toMatchObject({ currency: "sek", mrr: 98_000, arr: 1_176_000, payingSubscriptions: 2 });
    expect(revenue.byPlan).toEqual([expect.objectContaining({ planId: plan.id, mrr: 98_000, subscriptions: 2 })]);
    const month = revenue.months[revenue.months.length - 1];
    expect(month).toMatchObject({ new: 39_200 + 44_000 + 49_000, expansion: 9800, contraction: 0, churn: 44_000, net: 98_000, mrr: 98_000 });
  });
});
