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
import { handleStripeEvent } from "@/lib/webhooks/handle-stripe-event";
import { applyInOneStatement } from "@/lib/webhooks/apply-in-one-statement";
import { redactPayload } from "@/lib/webhooks/redact-payload";
import { getRevenue } from "./get-revenue";
import { reconcile } from "./reconcile";
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

describe("a subscription discounted before the migration (its row has no discount terms)", () => {
  it("is drift to reconcile: reported, repaired from Stripe, then MRR net of the discount", async () => {
    const plan = await createPlan(4900, "usd");
    const { tenant, sub, row } = await subscribe(plan, { coupon: { percent_off: 20, duration: "forever" } });
    // What the migration left on such a row: no terms (the column's default), so MRR at list price.
    await getDb().$executeRaw`UPDATE "Subscription" SET "recurringDiscounts" = '[]'::jsonb, "discountIds" = NULL WHERE "id" = ${row.id}`;
    expect(await planMrr(plan)).toBe(4900);

    const dry = await reconcile({ repair: false });
    expect(dry.drifts.find((d) => d.stripeId === sub.id)).toMatchObject({
      problem: "mismatch",
      repaired: false,
      diffs: [expect.objectContaining({ field: "recurringDiscounts", ours: "[]" })],
    });
    expect(await planMrr(plan)).toBe(4900);

    const fixed = await reconcile({ repair: true });
    expect(fixed.drifts.find((d) => d.stripeId === sub.id)).toMatchObject({ repaired: true });
    expect(await planMrr(plan)).toBe(3920);
    expect(await summaryMrr(tenant.id)).toBe(3920);
    expect((await reconcile({ repair: false })).drifts.find((d) => d.stripeId === sub.id)).toBeUndefined();
  });
});

/** The app's Stripe requests from now until `stop()`, as "METHOD path". */
function recordStripeRequests() {
  const seen: string[] = [];
  const listener = (request: { method: string; path: string }) => seen.push(`${request.method} ${request.path}`);
  stripe.on("request", listener);
  return { seen, stop: () => stripe.off("request", listener) };
}

/**
 * The subscription's newest `customer.subscription.updated` event not delivered yet. Each change is made in a
 * second of its own: two events of the same second are a tie that only a read from Stripe settles (version-guard).
 */
async function nextUpdatedEvent(subscriptionId: string): Promise<Stripe.Event> {
  const { data } = await stripe.events.list({ type: "customer.subscription.updated", limit: 20 });
  const event = data.find((e) => (e.data.object as Stripe.Subscription).id === subscriptionId && !delivered.has(e.id));
  if (!event) throw new Error(`no new customer.subscription.updated for ${subscriptionId}`);
  delivered.add(event.id);
  return event;
}

const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));

describe("webhooks of a discounted subscription (payloads name discounts by id only)", () => {
  it("read the coupons back from Stripe only when the discount ids differ from the ones recorded", async () => {
    const plan = await createPlan(4900, "usd");
    const { sub, row } = await subscribe(plan, { coupon: { percent_off: 20, duration: "forever" } });
    const discountId = (row.recurringDiscounts as { id: string }[])[0]?.id;
    expect(row.discountIds).toEqual([discountId]);
    expect(await planMrr(plan)).toBe(3920);
    const readBacks = (seen: string[]) => seen.filter((r) => r.startsWith(`GET /v1/subscriptions/${sub.id}`)).length;

    // A row from before the ids were recorded: its next event reads the terms once, and records the ids.
    await getDb().$executeRaw`UPDATE "Subscription" SET "discountIds" = NULL WHERE "id" = ${row.id}`;
    await nextSecond();
    await stripe.subscriptions.update(sub.id, { metadata: { tenantId: row.tenantId, note: "first" } });
    const first = await nextUpdatedEvent(sub.id);
    let requests = recordStripeRequests();
    expect(await handleStripeEvent(first)).toMatchObject({ outcome: "processed" });
    requests.stop();
    expect(readBacks(requests.seen)).toBe(1);
    expect(await getDb().subscription.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ discountIds: [discountId] });

    // A change that keeps the discount: the fast path applies it with the terms recorded, with no Stripe call;
    // a second copy is a duplicate, and an older event after it changes nothing.
    await nextSecond();
    await stripe.subscriptions.update(sub.id, { metadata: { tenantId: row.tenantId, note: "kept" } });
    const kept = await nextUpdatedEvent(sub.id);
    requests = recordStripeRequests();
    expect(await applyInOneStatement(kept, redactPayload(kept))).toEqual({ outcome: "processed", tenantId: row.tenantId });
    expect(await handleStripeEvent(kept)).toMatchObject({ outcome: "duplicate" });
    expect(await handleStripeEvent({ ...first, id: `${first.id}_older`, created: first.created - 1 })).toMatchObject({ outcome: "processed" });
    requests.stop();
    expect(requests.seen).toEqual([]);
    expect(await getDb().subscription.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      lastEventId: kept.id,
      recurringDiscounts: row.recurringDiscounts,
    });
    expect(await planMrr(plan)).toBe(3920);

    // Another coupon: other ids, so the terms are read again and MRR follows them.
    const half = await stripe.coupons.create({ percent_off: 50, duration: "forever" });
    await nextSecond();
    await stripe.subscriptions.update(sub.id, { discounts: [{ coupon: half.id }] });
    const swapped = await nextUpdatedEvent(sub.id);
    requests = recordStripeRequests();
    expect(await handleStripeEvent(swapped)).toMatchObject({ outcome: "processed" });
    requests.stop();
    expect(readBacks(requests.seen)).toBe(1);
    expect(await planMrr(plan)).toBe(2450);
  });
});
