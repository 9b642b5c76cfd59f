// Contract: coupons, promotion codes and the discounts they redeem into: on subscriptions (create and update),
// invoice previews (preview == billed, to the cent), invoices' discount fields and Checkout Sessions.

import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonthlyPrice, startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

let t: ContractTarget;
let stripe: Stripe;

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
});
afterAll(() => stopContractTarget(t));

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

async function customerWithCard(): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ email: "promo@example.com" });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  return stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
}

async function codeFor(coupon: Stripe.CouponCreateParams, code: Partial<Stripe.PromotionCodeCreateParams> = {}) {
  const c = await stripe.coupons.create(coupon);
  return stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: c.id }, code: unique(), ...code });
}

async function errorOf(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Stripe.errors.StripeError);
  return err as Stripe.errors.StripeError;
}

describe("coupons and promotion codes", () => {
  it("creates, retrieves and lists them with Stripe's fields", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: "repeating", duration_in_months: 3, max_redemptions: 5, name: "Spring" });
    expect(coupon).toMatchObject({ object: "coupon", percent_off: 20, amount_off: null, duration: "repeating", duration_in_months: 3, max_redemptions: 5, times_redeemed: 0, valid: true });
    const fixed = await stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "forever" });
    expect(fixed).toMatchObject({ amount_off: 500, currency: "usd", percent_off: null });
    const code = `SPRING${unique()}`;
    const promo = await stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: coupon.id },
      code,
      max_redemptions: 2,
      restrictions: { first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: "usd" },
    });
    expect(promo).toMatchObject({ object: "promotion_code", code, active: true, times_redeemed: 0, promotion: { type: "coupon", coupon: coupon.id } });
    expect(promo.restrictions).toMatchObject({ first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: "usd" });
    const listed = await stripe.promotionCodes.list({ code: code.toLowerCase(), active: true });
    expect(listed.data.map((p) => p.id)).toEqual([promo.id]);
    const expanded = await stripe.promotionCodes.retrieve(promo.id, { expand: ["promotion.coupon"] });
    expect((expanded.promotion.coupon as Stripe.Coupon).percent_off).toBe(20);
    const deactivated = await stripe.promotionCodes.update(promo.id, { active: false });
    expect(deactivated.active).toBe(false);
    expect((await stripe.coupons.list({ limit: 100 })).data.some((c) => c.id === coupon.id)).toBe(true);
  });

  it("refuses bad coupons: both or neither of percent_off and amount_off, repeating without months", async () => {
    expect((await errorOf(stripe.coupons.create({ duration: "once" }))).statusCode).toBe(400);
    expect((await errorOf(stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: "usd" }))).statusCode).toBe(400);
    expect((await errorOf(stripe.coupons.create({ percent_off: 10, duration: "repeating" }))).param).toBe("duration_in_months");
    expect((await errorOf(stripe.coupons.create({ amount_off: 100 }))).param).toBe("currency");
  });
});

describe("discounts on subscriptions and invoices", () => {
  it("a 20% once code discounts the first invoice and charges that amount; the renewal is full price", async () => {
    const price = await createMonthlyPrice(stripe, 2500);
    const customer = await customerWithCard();
    const promo = await codeFor({ percent_off: 20, duration: "once" });
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id, quantity: 3 }] }, discounts: [{ promotion_code: promo.id }] });
    expect(preview.subtotal).toBe(7500);
    expect(preview.total).toBe(6000);
    expect(preview.amount_due).toBe(6000);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 3 }],
      discounts: [{ promotion_code: promo.id }],
      expand: ["latest_invoice.payments"],
    });
    expect(sub.status).toBe("active");
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv.subtotal).toBe(7500);
    expect(inv.total).toBe(preview.total);
    expect(inv.amount_paid).toBe(6000);
    expect(inv.discounts).toHaveLength(1);
    expect(inv.total_discount_amounts).toEqual([{ amount: 1500, discount: inv.discounts[0] }]);
    expect(inv.lines.data[0]?.discount_amounts).toEqual([{ amount: 1500, discount: inv.discounts[0] }]);
    const discount = await stripe.invoices.retrieve(inv.id, { expand: ["discounts"] }).then((i) => i.discounts[0] as Stripe.Discount);
    expect(discount).toMatchObject({ object: "discount", promotion_code: promo.id, subscription: sub.id, end: null });
    expect(discount.source.coupon).toBe(promo.promotion.coupon);
    const charge = (inv.payments?.data[0]?.payment.payment_intent as string) ?? "";
    expect((await stripe.paymentIntents.retrieve(charge)).amount).toBe(6000);
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect((await stripe.coupons.retrieve(promo.promotion.coupon as string)).times_redeemed).toBe(1);
    // once: spent by the first invoice, so the next one is at full price.
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.discounts).toEqual([]);
    const next = await stripe.invoices.createPreview({ subscription: sub.id });
    expect(next.total).toBe(7500);
  });

  it("a forever amount_off code also discounts prorations, and a plan-change preview equals the invoice", async () => {
    const small = await createMonthlyPrice(stripe, 1000);
    const big = await createMonthlyPrice(stripe, 3000);
    const customer = await customerWithCard();
    const promo = await codeFor({ percent_off: 50, duration: "forever" });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: small.id }], discounts: [{ promotion_code: promo.id }] });
    expect((await stripe.invoices.retrieve(sub.latest_invoice as string)).amount_paid).toBe(500);
    const item = sub.items.data[0]!;
    const prorationDate = item.current_period_start + Math.floor((item.current_period_end - item.current_period_start) / 2);
    const preview = await stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: big.id }], proration_behavior: "always_invoice", proration_date: prorationDate },
    });
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: big.id }], proration_behavior: "always_invoice", proration_date: prorationDate });
    const inv = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(inv.total).toBe(preview.total);
    expect(inv.amount_paid).toBe(preview.amount_due);
    // Half of (3000 - 1000) for half a period is 1000; the 50% discount makes it 500.
    expect(Math.abs(inv.total - 500)).toBeLessThanOrEqual(1);
    expect(inv.total_discount_amounts?.[0]?.amount).toBe(inv.subtotal - inv.total);
  });

  it("a code given on update applies to that change's invoice and counts a redemption", async () => {
    const small = await createMonthlyPrice(stripe, 1000);
    const big = await createMonthlyPrice(stripe, 3000);
    const customer = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: small.id }] });
    const promo = await codeFor({ amount_off: 300, currency: "usd", duration: "forever" });
    const item = sub.items.data[0]!;
    const prorationDate = item.current_period_start + 10;
    const args = { items: [{ id: item.id, price: big.id }], proration_behavior: "always_invoice" as const, proration_date: prorationDate };
    const preview = await stripe.invoices.createPreview({ subscription: sub.id, subscription_details: args, discounts: [{ promotion_code: promo.id }] });
    const updated = await stripe.subscriptions.update(sub.id, { ...args, discounts: [{ promotion_code: promo.id }] });
    const inv = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(inv.total).toBe(preview.total);
    expect(inv.subtotal - inv.total).toBe(300);
    expect(updated.discounts).toHaveLength(1);
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
  });

  it("refuses a code that is inactive, expired, used up, first-time only or under its minimum, and creates nothing", async () => {
    const price = await createMonthlyPrice(stripe, 1000);
    const customer = await customerWithCard();
    const refusals: Stripe.PromotionCode[] = [
      await codeFor({ percent_off: 10, duration: "once" }, { active: false }),
      await codeFor({ percent_off: 10, duration: "once" }, { restrictions: { minimum_amount: 5000, minimum_amount_currency: "usd" } }),
    ];
    if (t.mode === "emulator") {
      // Emulator-only: real Stripe refuses an expires_at in the past at creation.
      const expiring = await codeFor({ percent_off: 10, duration: "once" }, { expires_at: Math.floor(Date.now() / 1000) + 1 });
      await new Promise((r) => setTimeout(r, 1100));
      refusals.push(expiring);
    }
    const limited = await codeFor({ percent_off: 10, duration: "once" }, { max_redemptions: 1 });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: limited.id }] });
    refusals.push(limited);
    // The customer has now paid once: a first-time-only code is refused.
    refusals.push(await codeFor({ percent_off: 10, duration: "once" }, { restrictions: { first_time_transaction: true } }));
    const before = (await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data.length;
    for (const promo of refusals) {
      const err = await errorOf(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: promo.id }] }));
      expect(err.statusCode).toBe(400);
      expect(err.type).toBe("StripeInvalidRequestError");
      const previewErr = await errorOf(stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id }] }, discounts: [{ promotion_code: promo.id }] }));
      expect(previewErr.statusCode).toBe(400);
    }
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data.length).toBe(before);
    expect((await stripe.promotionCodes.retrieve(limited.id)).times_redeemed).toBe(1);
  });
});

describe("Checkout Sessions with discounts", () => {
  it("shows the discount in the totals and rejects it together with allow_promotion_codes", async () => {
    const price = await createMonthlyPrice(stripe, 2000);
    const promo = await codeFor({ percent_off: 25, duration: "once" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: "https://example.com/ok",
      discounts: [{ promotion_code: promo.id }],
    });
    expect(session.amount_subtotal).toBe(4000);
    expect(session.amount_total).toBe(3000);
    expect(session.total_details?.amount_discount).toBe(1000);
    expect(session.discounts).toEqual([{ coupon: null, promotion_code: promo.id }]);
    const err = await errorOf(
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: price.id }],
        success_url: "https://example.com/ok",
        discounts: [{ promotion_code: promo.id }],
        allow_promotion_codes: true,
      }),
    );
    expect(err.statusCode).toBe(400);
  });
});
