import type { StripeLocal } from "@asset-anchor/stripe-local";
// Promotion codes at checkout against a real PostgreSQL and the local Stripe emulator through the app's own
// client: the amount the summary shows is the amount charged, and a code that cannot be used creates nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { invoiceFields } from "@/lib/stripe/mappers";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { seedPlans } from "@/lib/plans/seed-plans";
import { seedLaunchPromotion } from "@/lib/plans/seed-promotions";
import { createTestTenant } from "@/testing/test-db";
import { checkPromotionCode } from "./promotion-code";
import { startCheckout } from "./start-checkout";
import { previewPlanChange } from "./preview-plan-change";
import { changePlan } from "./change-plan";
import { startHostedCheckout } from "./start-hosted-checkout";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;
let stripe: Stripe;

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests());
  await seedPlans();
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function promotionCode(coupon: Stripe.CouponCreateParams, extra: Partial<Stripe.PromotionCodeCreateParams> = {}) {
  const c = await stripe.coupons.create(coupon);
  const code = `T${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  return stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: c.id }, code, ...extra });
}

describe("seedLaunchPromotion", () => {
  it("creates LAUNCH20 (20% off, once) once, however often it runs", async () => {
    const first = await seedLaunchPromotion();
    const again = await seedLaunchPromotion();
    expect(again).toEqual({ ...first, created: false });
    const listed = await stripe.promotionCodes.list({ code: "LAUNCH20", expand: ["data.promotion.coupon"] });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]?.promotion.coupon).toMatchObject({ percent_off: 20, duration: "once" });
  });
});

describe("checkout with a promotion code", () => {
  it("charges exactly the amount the order summary showed, and the invoice carries the discount", async () => {
    await seedLaunchPromotion();
    const tenant = await createTestTenant();
    const plan = await getActivePlanOrThrow("pro-month");
    // What the checkout page shows: typed in lower case, as a tenant might.
    const checked = await checkPromotionCode({ tenantId: tenant.id, code: "launch20", amount: plan.amount, currency: plan.currency });
    if (!("promotion" in checked)) throw new Error(checked.error);
    const shownDueToday = plan.amount - checked.promotion.discountAmount;
    expect(checked.promotion.discountAmount).toBe(Math.round(plan.amount * 0.2));
    expect(checked.promotion.code).toBe("LAUNCH20");

    const started = await startCheckout(tenant, plan.key, { attemptId: "promo-attempt-1", promotionCode: "launch20" });
    if (started.kind !== "payment") throw new Error("expected a payment to confirm");
    expect(started.amountDue).toBe(shownDueToday);
    const paymentIntentId = /^(pi_[A-Za-z0-9]+?)_secret_/.exec(started.clientSecret)?.[1] ?? "";
    const paid = await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("succeeded");
    expect(paid.amount_received).toBe(shownDueToday);

    const sub = await stripe.subscriptions.retrieve(started.subscriptionId, { expand: ["latest_invoice"] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe("paid");
    expect(invoice.amount_paid).toBe(shownDueToday);
    expect(invoiceFields(invoice).discountAmount).toBe(checked.promotion.discountAmount);
    expect(sub.metadata.promotionCode).toBe(checked.promotion.promotionCodeId);
  });

  it("a double click with the same code is one subscription; the same attempt without the code is another request", async () => {
    await seedLaunchPromotion();
    const tenant = await createTestTenant();
    const [a, b] = await Promise.all([1, 2].map(() => startCheckout(tenant, "starter-month", { attemptId: "promo-double-1", promotionCode: "LAUNCH20" })));
    if (a?.kind !== "payment" || b?.kind !== "payment") throw new Error("expected payments");
    expect(a.subscriptionId).toBe(b.subscriptionId);
    const without = await startCheckout(tenant, "starter-month", { attemptId: "promo-double-1" });
    if (without.kind !== "payment") throw new Error("expected a payment");
    expect(without.subscriptionId).not.toBe(a.subscriptionId);
    expect(without.amountDue).toBeGreaterThan(a.amountDue);
    // The attempt with the code was given up when the tenant dropped it: one payable attempt is left.
    const customer = (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId ?? "";
    const open = (await stripe.subscriptions.list({ customer, status: "incomplete" })).data.map((s) => s.id);
    expect(open).toEqual([without.subscriptionId]);
  });

  it("refuses an unknown, inactive, used-up, first-time-only or too-small code with a 400 and creates nothing", async () => {
    const plan = await getActivePlanOrThrow("starter-month");
    const inactive = await promotionCode({ percent_off: 10, duration: "once" }, { active: false });
    const usedUp = await promotionCode({ percent_off: 10, duration: "once" }, { max_redemptions: 1 });
    const firstTime = await promotionCode({ percent_off: 10, duration: "once" }, { restrictions: { first_time_transaction: true } });
    const minimum = await promotionCode({ amount_off: 100, currency: plan.currency, duration: "forever" }, {
      restrictions: { minimum_amount: plan.amount + 1, minimum_amount_currency: plan.currency },
    });
    // Spend the single redemption on someone else's subscription.
    const other = await stripe.customers.create({ email: "other@example.com" });
    const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: other.id });
    const priceId = (await stripe.prices.list({ lookup_keys: ["starter-month"] })).data[0]?.id ?? "";
    await stripe.subscriptions.create({ customer: other.id, items: [{ price: priceId }], discounts: [{ promotion_code: usedUp.id }], default_payment_method: card.id });
    expect((await stripe.promotionCodes.retrieve(usedUp.id)).times_redeemed).toBe(1);

    const tenant = await createTestTenant();
    // The tenant has paid before: first-time-only codes are not for them.
    await getDb().payment.create({
      data: { tenantId: tenant.id, stripeChargeId: `ch_prior_${tenant.id}`, amount: 900, currency: plan.currency, status: "succeeded", stripeCreatedAt: new Date() },
    });
    const customersBefore = (await stripe.customers.list({ limit: 100 })).data.length;
    const cases: [string, RegExp][] = [
      ["NOSUCHCODE", /not a valid promotion code/],
      ["bad code!", /not a valid promotion code/],
      [inactive.code, /not a valid promotion code/],
      [firstTime.code, /first-time customers only/],
      [minimum.code, /needs an order of at least/],
    ];
    cases.push([usedUp.code, /maximum number of times/]);
    for (const [code, message] of cases) {
      const error = await errorOf(startCheckout(tenant, plan.key, { attemptId: "promo-bad-1", promotionCode: code }));
      expect(error.code).toBe("invalid_input");
      expect(error.status).toBe(400);
      expect(error.message).toMatch(message);
    }
    const row = await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(row.stripeCustomerId).toBeNull();
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);
  });

  it("takes a code as people type it: lower case, spaces inside and around", async () => {
    await seedLaunchPromotion();
    const tenant = await createTestTenant();
    for (const typed of [" launch 20 ", "launch20", "LAUNCH 20", "la unch\t20"]) {
      const checked = await checkPromotionCode({ tenantId: tenant.id, code: typed, amount: 1900, currency: "usd" });
      expect(checked, typed).toEqual({ promotion: expect.objectContaining({ code: "LAUNCH20", discountAmount: 380 }) });
    }
    // Spaces are not letters: a code that is only spaces is no code, said so.
    expect(await checkPromotionCode({ tenantId: tenant.id, code: "   ", amount: 1900, currency: "usd" })).toEqual({ error: expect.stringMatching(/not a valid promotion code/) });
  });
});

describe("plan change with a promotion code", () => {
  it("the preview's discount and amount due are what the change charges, and the code is redeemed once", async () => {
    const tenant = await createTestTenant();
    const started = await startCheckout(tenant, "starter-month", { attemptId: "promo-change-1" });
    if (started.kind !== "payment") throw new Error("expected a payment to confirm");
    const paymentIntentId = /^(pi_[A-Za-z0-9]+?)_secret_/.exec(started.clientSecret)?.[1] ?? "";
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    const promo = await promotionCode({ percent_off: 50, duration: "forever" });

    const preview = await previewPlanChange(tenant, "pro-month", { promotionCode: promo.code.toLowerCase() });
    expect(preview.promotion?.code).toBe(promo.code);
    expect(preview.promotion?.previewDiscount).toBeGreaterThan(0);
    expect(preview.invoicedNow).toBe(true);
    const done = await changePlan(tenant, preview.quote);
    expect(done.invoice?.amountPaid).toBe(preview.chargedNow);
    const invoice = await stripe.invoices.retrieve(done.invoice?.id ?? "");
    expect(invoiceFields(invoice).discountAmount).toBe(preview.promotion?.previewDiscount);
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);

    // A code refused at preview changes nothing and returns no quote.
    const error = await errorOf(previewPlanChange(tenant, "starter-month", { promotionCode: "NOSUCHCODE" }));
    expect(error.status).toBe(400);
    const proPrice = (await stripe.prices.list({ lookup_keys: ["pro-month"] })).data[0]?.id;
    expect((await stripe.subscriptions.retrieve(started.subscriptionId)).items.data[0]?.price.id).toBe(proPrice);
  });
});

describe("hosted Checkout with a promotion code", () => {
  it("opens a Checkout Session whose total carries the discount; a bad code opens nothing", async () => {
    await seedLaunchPromotion();
    const plan = await getActivePlanOrThrow("pro-month");
    const tenant = await createTestTenant();
    const error = await errorOf(startHostedCheckout(tenant, plan.key, { promotionCode: "NOSUCHCODE" }));
    expect(error.status).toBe(400);
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId).toBeNull();

    const started = await startHostedCheckout(tenant, plan.key, { promotionCode: "LAUNCH20" });
    if (started.kind !== "redirect") throw new Error("expected a Checkout page");
    const customer = (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId ?? "";
    const [session] = (await stripe.checkout.sessions.list({ customer, limit: 1 })).data;
    expect(session?.amount_subtotal).toBe(plan.amount);
    expect(session?.amount_total).toBe(plan.amount - Math.round(plan.amount * 0.2));
    expect(session?.discounts?.[0]?.promotion_code).toBeTruthy();
  });
});
