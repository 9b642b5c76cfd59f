import type { StripeLocal } from "@asset-anchor/stripe-local";
// Money in a zero-decimal currency (JPY: 1,200 is ¥1,200, not ¥12.00), end to end: the real SDK against the
// emulator, the webhooks into PostgreSQL, the triggers that keep MRR, and what the tenant and the admin read.
// Stripe counts every amount in the currency's smallest unit and prorates per second, each line rounded to a
// whole unit (https://docs.stripe.com/billing/subscriptions/prorations), so a yen proration is whole yen.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { getRevenue } from "@/lib/admin/get-revenue";
import { getTenantDetailOrThrow } from "@/lib/admin/get-tenant-detail";
import { listTenants } from "@/lib/admin/list-tenants";
import { getDb } from "@/lib/db/client";
import { formatMoney } from "@/lib/format/money";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";
import { changePlan } from "./change-plan";
import { getBillingOverview, listInvoices } from "./get-billing-overview";
import { previewPlanChange } from "./preview-plan-change";
import { startCheckout } from "./start-checkout";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;
let stripe: Stripe;
const delivered = new Set<string>();
const tag = uniqueSuffix();
const DAY = 86_400;

// Odd amounts on purpose: a proration of ¥3,001 is never a round number of yen.
const PLANS = {
  basic: { key: `basic-jpy-${tag}`, name: "Basic", amount: 1200, interval: "month", tierRank: 1 },
  plus: { key: `plus-jpy-${tag}`, name: "Plus", amount: 3001, interval: "month", tierRank: 2 },
  plusYear: { key: `plus-jpy-year-${tag}`, name: "Plus", amount: 30_001, interval: "year", tierRank: 2 },
} as const;

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests());
  for (const plan of Object.values(PLANS)) {
    const product = await stripe.products.create({ name: plan.name });
    const price = await stripe.prices.create({
      product: product.id,
      currency: "jpy",
      unit_amount: plan.amount,
      recurring: { interval: plan.interval },
      lookup_key: plan.key,
    });
    await getDb().plan.create({
      data: { ...plan, currency: "jpy", stripeProductId: product.id, stripePriceId: price.id },
    });
  }
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

/** Checkout as the PaymentElement would confirm it, then the webhooks the emulator emitted. */
async function subscribedTenant(planKey: string) {
  const tenant = await createTestTenant({ name: `Yen ${tag}` });
  const started = await startCheckout(tenant, planKey);
  if (started.kind !== "payment") throw new Error("expected a payment to confirm");
  const paymentIntentId = /^(pi_[A-Za-z0-9]+?)_secret_/.exec(started.clientSecret)?.[1] as string;
  await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
  await deliverEmittedEvents(delivered);
  return { tenant, started };
}

describe("a JPY plan (zero-decimal)", () => {
  it("charges ¥1,200 as 1200 yen, and every screen says ¥1,200", async () => {
    const { tenant, started } = await subscribedTenant(PLANS.basic.key);
    expect(started).toMatchObject({ amountDue: 1200, currency: "jpy" });
    expect(formatMoney(started.amountDue, started.currency)).toBe("¥1,200");

    const sub = await stripe.subscriptions.retrieve(started.subscriptionId, { expand: ["latest_invoice"] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ currency: "jpy", amount_paid: 1200, total: 1200, status: "paid" });
    // The invoice line reads as Stripe writes it for yen: no cents, no dollar sign.
    expect(invoice.lines.data[0]?.description).toBe(`1 × Basic (at ¥1,200 / month)`);

    const overview = await getBillingOverview(tenant.id);
    expect(overview.plan).toMatchObject({ amount: 1200, currency: "jpy" });
    const [row] = await listInvoices(tenant.id);
    expect(row).toMatchObject({ total: 1200, amountPaid: 1200, currency: "jpy" });
    expect(formatMoney(row!.total, row!.currency)).toBe("¥1,200");

    // The admin's figures: the tenant's MRR is 1200 yen, never 12.
    const listed = await listTenants({ q: tenant.id });
    expect(listed.rows[0]).toMatchObject({ mrr: 1200, currency: "jpy" });
    expect((await getTenantDetailOrThrow(tenant.id)).summary).toMatchObject({ mrr: 1200, currency: "jpy" });
  });

  it("previews an upgrade with whole-yen prorations as Stripe rounds them, and charges exactly the preview", async () => {
    const { tenant, started } = await subscribedTenant(PLANS.basic.key);
    const sub = await stripe.subscriptions.retrieve(started.subscriptionId);
    const item = sub.items.data[0]!;
    // Ten days and a few hours in: the unused fraction is no round number.
    const prorationDate = item.current_period_start + 10 * DAY + 12_345;
    const preview = await previewPlanChange(tenant, PLANS.plus.key, { now: new Date(prorationDate * 1000) });
    expect(preview).toMatchObject({ direction: "upgrade", currency: "jpy", invoicedNow: true });

    const fraction = (item.current_period_end - prorationDate) / (item.current_period_end - item.current_period_start);
    const credit = -Math.round(1200 * fraction);
    const charge = Math.round(3001 * fraction);
    const prorations = preview.lines.filter((l) => l.proration).map((l) => l.amount).sort((a, b) => a - b);
    expect(prorations).toEqual([credit, charge]);
    expect(preview.prorationAmount).toBe(credit + charge);
    expect(preview.amountDue).toBe(credit + charge);
    expect(Number.isInteger(preview.amountDue)).toBe(true);
    for (const line of preview.lines) expect(line.description).not.toMatch(/\$|\.\d\d\b/);
    // ¥1,404-style: grouped whole yen, no decimals.
    expect(formatMoney(preview.amountDue, "jpy")).toMatch(/^¥\d{1,3}(,\d{3})*$/);

    const result = await changePlan(tenant, preview.quote, { now: new Date(prorationDate * 1000) });
    const invoice = await stripe.invoices.retrieve(result.invoice!.id);
    expect(invoice).toMatchObject({ currency: "jpy", amount_due: preview.amountDue, amount_paid: preview.amountDue, status: "paid" });
    // Once the webhooks land, the tenant's MRR is the new plan's yen.
    await deliverEmittedEvents(delivered);
    expect((await listTenants({ q: tenant.id })).rows[0]).toMatchObject({ mrr: 3001, currency: "jpy" });
  });

  it("sums MRR and revenue per currency without dividing yen by 100: a yearly ¥30,001 is ¥2,500 a month", async () => {
    const before = await getRevenue({ currency: "jpy" });
    const { tenant: monthly } = await subscribedTenant(PLANS.plus.key);
    const { tenant: yearly } = await subscribedTenant(PLANS.plusYear.key);

    expect((await listTenants({ q: monthly.id })).rows[0]).toMatchObject({ mrr: 3001, currency: "jpy" });
    expect((await listTenants({ q: yearly.id })).rows[0]).toMatchObject({ mrr: 2500, currency: "jpy" });

    const after = await getRevenue({ currency: "jpy" });
    expect(after.currency).toBe("jpy");
    expect(after.mrr - before.mrr).toBe(3001 + 2500);
    expect(after.arr).toBe(after.mrr * 12);
    const plan = (key: string) => after.byPlan.find((p) => p.planName === "Plus" && p.interval === (key === PLANS.plusYear.key ? "year" : "month"));
    expect(plan(PLANS.plus.key)?.mrr).toBeGreaterThanOrEqual(3001);
    expect(plan(PLANS.plusYear.key)?.mrr).toBeGreaterThanOrEqual(2500);
    const thisMonth = after.months.at(-1)!;
    expect(thisMonth.new - (before.months.at(-1)?.new ?? 0)).toBe(3001 + 2500);

    // The overview's money figures are each in one currency: yen refunds are never added to dollar ones.
    const charge = (await stripe.charges.list({ customer: (await getDb().tenant.findUniqueOrThrow({ where: { id: monthly.id } })).stripeCustomerId! })).data[0]!;
    const overviewBefore = await getAdminOverview();
    await stripe.refunds.create({ charge: charge.id, amount: 1001 });
    await deliverEmittedEvents(delivered);
    const overview = await getAdminOverview();
    expect(overview.refunds30d.count).toBe(overviewBefore.refunds30d.count + 1);
    const yen = (o: typeof overview) => o.refunds30d.byCurrency.find((c) => c.currency === "jpy")?.amount ?? 0;
    expect(yen(overview) - yen(overviewBefore)).toBe(1001);
  });
});
