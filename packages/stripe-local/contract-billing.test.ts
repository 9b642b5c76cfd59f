// Contract: customers, payment methods, test cards, payment/setup intents, subscriptions, invoices,
// proration (preview == billed, to the cent), refunds.

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

async function payWith(pm: string, amount = 2000) {
  return stripe.paymentIntents.create({ amount, currency: "usd", payment_method: pm, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
}

async function declineOf(pm: string): Promise<Stripe.errors.StripeCardError> {
  const err = await payWith(pm).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
  return err as Stripe.errors.StripeCardError;
}

async function customerWithCard(pm = "pm_card_visa"): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await stripe.customers.create({ email: "billing@example.com" });
  const attached = await stripe.paymentMethods.attach(pm, { customer: customer.id });
  const updated: Stripe.Customer = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });
  return { customer: updated, pm: attached };
}

describe("customers and payment methods", () => {
  it("creates, updates metadata, attaches, lists and detaches", async () => {
    const customer: Stripe.Customer = await stripe.customers.create({ email: "c@example.com", name: "C", metadata: { tenant: "t_1" } });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.metadata).toEqual({ tenant: "t_1" });
    const pm: Stripe.PaymentMethod = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(pm.card?.brand).toBe("visa");
    expect(pm.card?.last4).toBe("4242");
    expect(pm.customer).toBe(customer.id);
    const updated = await stripe.customers.update(customer.id, { metadata: { tenant: null, plan: "pro" } as unknown as Stripe.MetadataParam, invoice_settings: { default_payment_method: pm.id } });
    expect(updated.metadata).toEqual({ plan: "pro" });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const list = await stripe.customers.listPaymentMethods(customer.id);
    expect(list.data.map((p) => p.id)).toEqual([pm.id]);
    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    const del = await stripe.customers.del(customer.id);
    expect(del.deleted).toBe(true);
  });

  it("creates a card payment method from raw card data (emulator accepts raw numbers)", async () => {
    if (t.mode !== "emulator") return;
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "5555555555554444", exp_month: 12, exp_year: 2040, cvc: "123" } });
    expect(pm.card?.brand).toBe("mastercard");
    expect(pm.card?.last4).toBe("4444");
  });

  it("refuses to attach a declining card but attaches 0341, which fails when charged", async () => {
    const customer = await stripe.customers.create({});
    const err = (await stripe.paymentMethods.attach("pm_card_visa_chargeDeclined", { customer: customer.id }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe("card_declined");
    const pm = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    expect(pm.card?.last4).toBe("0341");
    const charge = (await stripe.paymentIntents
      .create({ amount: 500, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(charge.statusCode).toBe(402);
    expect(charge.decline_code).toBe("generic_decline");
  });
});

describe("test cards", () => {
  it("4242 succeeds with a charge carrying card details", async () => {
    const pi: Stripe.PaymentIntent = await payWith("pm_card_visa");
    expect(pi.status).toBe("succeeded");
    const charge: Stripe.Charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.paid).toBe(true);
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    expect(charge.payment_method_details?.card?.brand).toBe("visa");
    const byPi = await stripe.charges.list({ payment_intent: pi.id });
    expect(byPi.data.map((c) => c.id)).toEqual([charge.id]);
  });

  it.each([
    ["pm_card_visa_chargeDeclined", "card_declined", "generic_decline", "Your card was declined."],
    ["pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", "Your card has insufficient funds."],
    ["pm_card_chargeDeclinedLostCard", "card_declined", "lost_card", "Your card was declined."],
    ["pm_card_chargeDeclinedStolenCard", "card_declined", "stolen_card", "Your card was declined."],
    ["pm_card_chargeDeclinedExpiredCard", "expired_card", undefined, "Your card has expired."],
    ["pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", undefined, "Your card's security code is incorrect."],
    ["pm_card_chargeDeclinedProcessingError", "processing_error", undefined, undefined],
  ])("%s declines with 402 %s", async (pm, code, declineCode, message) => {
    const err = await declineOf(pm);
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe("StripeCardError");
    expect(err.code).toBe(code);
    if (declineCode) expect(err.decline_code).toBe(declineCode);
    if (message) expect(err.message).toBe(message);
    const pi = await stripe.paymentIntents.retrieve(err.payment_intent?.id ?? "");
    expect(pi.status).toBe("requires_payment_method");
    expect(pi.last_payment_error?.code).toBe(code);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.status).toBe("failed");
    expect(charge.failure_code).toBe(code);
  });

  it("3155 asks for 3DS on session; passing it succeeds and failing it returns to requires_payment_method", async () => {
    const pi = await payWith("pm_card_authenticationRequiredOnSetup");
    expect(pi.status).toBe("requires_action");
    expect(pi.next_action?.type).toBe("use_stripe_sdk");
    if (t.mode !== "emulator" || !t.local) return;
    const stripeJs = (pi.next_action?.use_stripe_sdk as { stripe_js?: string } | undefined)?.stripe_js ?? "";
    const page = await fetch(stripeJs);
    expect(await page.text()).toContain("Complete");
    const pass = await fetch(`${t.local.url}/_local/payment_intents/${pi.id}/3ds`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ result: "pass" }) });
    expect(pass.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");

    const pi2 = await payWith("pm_card_authenticationRequired");
    const fail = await fetch(`${t.local.url}/_local/payment_intents/${pi2.id}/3ds`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ result: "fail" }) });
    expect(fail.status).toBe(402);
    const after = await stripe.paymentIntents.retrieve(pi2.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
  });

  it("3184 off session fails with authentication_required", async () => {
    const { customer, pm } = await customerWithCard("pm_card_authenticationRequired");
    const err = (await stripe.paymentIntents
      .create({ amount: 900, currency: "usd", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe("authentication_required");
  });

  it("a publishable key may confirm with the client secret only (Stripe.js route)", async () => {
    if (t.mode !== "emulator" || !t.local) return;
    const pi = await stripe.paymentIntents.create({ amount: 1200, currency: "usd", automatic_payment_methods: { enabled: true } });
    const card = "payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2040&payment_method_data[card][cvc]=123";
    const wrong = await fetch(`${t.local.url}/v1/payment_intents/${pi.id}/confirm`, { method: "POST", body: `key=pk_test_x&client_secret=${pi.id}_secret_wrong&${card}`, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(wrong.status).toBe(400);
    const other = await fetch(`${t.local.url}/v1/customers?key=pk_test_x`);
    expect(other.status).toBe(401);
    const pre = await fetch(`${t.local.url}/v1/payment_intents/${pi.id}/confirm`, { method: "OPTIONS" });
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const ok = await fetch(`${t.local.url}/v1/payment_intents/${pi.id}/confirm`, { method: "POST", body: `key=pk_test_x&client_secret=${pi.client_secret}&${card}&return_url=http%3A%2F%2Fx`, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { status: string }).status).toBe("succeeded");
    const get = await fetch(`${t.local.url}/v1/payment_intents/${pi.id}?key=pk_test_x&client_secret=${pi.client_secret}`);
    expect(get.status).toBe(200);
  });
});

describe("setup intents and refunds", () => {
  it("confirms a setup intent and attaches the card", async () => {
    const customer = await stripe.customers.create({});
    const si: Stripe.SetupIntent = await stripe.setupIntents.create({ customer: customer.id, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    expect(si.client_secret).toMatch(/^seti_\w+_secret_\w+$/);
    const done = await stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" });
    expect(done.status).toBe("succeeded");
    const pms = await stripe.customers.listPaymentMethods(customer.id);
    expect(pms.data).toHaveLength(1);
  });

  it("refunds partially then fully", async () => {
    const pi = await payWith("pm_card_visa", 5000);
    const r1: Stripe.Refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1500 });
    expect(r1.status).toBe("succeeded");
    let charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.amount_refunded).toBe(1500);
    expect(charge.refunded).toBe(false);
    await stripe.refunds.create({ charge: charge.id });
    charge = await stripe.charges.retrieve(charge.id, { expand: ["refunds"] });
    expect(charge.amount_refunded).toBe(5000);
    expect(charge.refunded).toBe(true);
    expect(charge.refunds?.data).toHaveLength(2);
    const tooMuch = (await stripe.refunds.create({ charge: charge.id, amount: 1 }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(tooMuch.statusCode).toBe(400);
  });
});

describe("subscriptions", () => {
  it("default_incomplete returns latest_invoice.confirmation_secret and activates once the invoice's PI is paid", async () => {
    const price = await createMonthlyPrice(stripe, 2900, "Starter");
    const customer = await stripe.customers.create({ email: "sub@example.com" });
    const sub: Stripe.Subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      metadata: { tenant: "t_9" },
      expand: ["latest_invoice.confirmation_secret"],
    });
    expect(sub.status).toBe("incomplete");
    expect(sub.metadata).toEqual({ tenant: "t_9" });
    const item = sub.items.data[0];
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? Infinity);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe("open");
    expect(invoice.amount_due).toBe(2900);
    expect(invoice.billing_reason).toBe("subscription_create");
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const secret = invoice.confirmation_secret?.client_secret ?? "";
    const piId = /^(pi_\w+?)_secret_/.exec(secret)?.[1] ?? "";
    const pi = await stripe.paymentIntents.confirm(piId, { payment_method: "pm_card_visa" });
    expect(pi.status).toBe("succeeded");
    const active = await stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe("active");
    expect(active.default_payment_method).toBe(pi.payment_method);
    const paid: Stripe.Invoice = await stripe.invoices.retrieve(invoice.id ?? "");
    expect(paid.status).toBe("paid");
    expect(paid.amount_paid).toBe(2900);
    const payments = await stripe.invoicePayments.list({ invoice: paid.id ?? "", payment: { type: "payment_intent", payment_intent: piId } });
    expect(payments.data[0]?.status).toBe("paid");
    expect(payments.data[0]?.amount_paid).toBe(2900);
  });

  it("a declined first payment keeps the subscription incomplete with last_payment_error", async () => {
    const price = await createMonthlyPrice(stripe, 1000);
    const customer = await stripe.customers.create({});
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete", expand: ["latest_invoice.confirmation_secret"] });
    const secret = (sub.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret ?? "";
    const piId = secret.split("_secret_")[0] ?? "";
    const err = (await stripe.paymentIntents.confirm(piId, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err.decline_code).toBe("insufficient_funds");
    expect((await stripe.paymentIntents.retrieve(piId)).last_payment_error?.decline_code).toBe("insufficient_funds");
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("incomplete");
  });

  it("allow_incomplete and error_if_incomplete charge the default payment method", async () => {
    const price = await createMonthlyPrice(stripe, 1500);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe("active");
    const failing = await customerWithCard("pm_card_chargeCustomerFail");
    const err = (await stripe.subscriptions
      .create({ customer: failing.customer.id, items: [{ price: price.id }], payment_behavior: "error_if_incomplete" })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(402);
    const incomplete = await stripe.subscriptions.create({ customer: failing.customer.id, items: [{ price: price.id }], payment_behavior: "allow_incomplete" });
    expect(incomplete.status).toBe("incomplete");
  });

  it("trials start trialing with a $0 paid invoice", async () => {
    const price = await createMonthlyPrice(stripe, 2000);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14, expand: ["latest_invoice"] });
    expect(sub.status).toBe("trialing");
    expect((sub.trial_end ?? 0) - (sub.trial_start ?? 0)).toBe(14 * 86_400);
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv.total).toBe(0);
    expect(inv.status).toBe("paid");
  });

  it("a trial without a card gets a pending_setup_intent that saves the card on the subscription", async () => {
    const price = await createMonthlyPrice(stripe, 2000);
    const customer = await stripe.customers.create({});
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      expand: ["pending_setup_intent"],
    });
    expect(sub.status).toBe("trialing");
    const si = sub.pending_setup_intent as Stripe.SetupIntent;
    expect(si.client_secret).toMatch(/^seti_/);
    const done = await stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" });
    expect(done.status).toBe("succeeded");
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.default_payment_method).toBe(done.payment_method);
    expect(after.pending_setup_intent).toBeNull();
  });

  it("trial_end=now ends the trial and bills the first period at once", async () => {
    const price = await createMonthlyPrice(stripe, 2100);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 30 });
    const ended = await stripe.subscriptions.update(sub.id, { trial_end: "now", expand: ["latest_invoice"] });
    expect(ended.status).toBe("active");
    const inv = ended.latest_invoice as Stripe.Invoice;
    expect(inv.amount_paid).toBe(2100);
    expect(inv.status).toBe("paid");
  });

  it("cancel at period end, undo, and cancel now", async () => {
    const price = await createMonthlyPrice(stripe, 1000);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const pending = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(pending.cancel_at_period_end).toBe(true);
    expect(pending.status).toBe("active");
    const undone = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(undone.cancel_at_period_end).toBe(false);
    const canceled: Stripe.Subscription = await stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).not.toBeNull();
  });

  it("cancellation_details: echoed on cancel at period end and cancel now; an unknown feedback or a long comment is refused", async () => {
    const price = await createMonthlyPrice(stripe, 1000);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const pending = await stripe.subscriptions.update(sub.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: "too_expensive", comment: "Budget cut" },
    });
    expect(pending.cancellation_details).toMatchObject({ feedback: "too_expensive", comment: "Budget cut", reason: "cancellation_requested" });
    const bad = await stripe.subscriptions
      .update(sub.id, { cancellation_details: { feedback: "bored" as Stripe.SubscriptionUpdateParams.CancellationDetails.Feedback } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((bad as Stripe.errors.StripeInvalidRequestError).param).toBe("cancellation_details[feedback]");
    const long = await stripe.subscriptions.update(sub.id, { cancellation_details: { comment: "x".repeat(5001) } }).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((await stripe.subscriptions.retrieve(sub.id)).cancellation_details?.feedback).toBe("too_expensive");
    const canceled = await stripe.subscriptions.cancel(sub.id, { cancellation_details: { feedback: "switched_service", comment: "Moved" } });
    expect(canceled.cancellation_details).toMatchObject({ feedback: "switched_service", comment: "Moved" });
  });
});

describe("proration", () => {
  it("error_if_incomplete: a declined upgrade answers 402 and leaves the subscription as it was", async () => {
    const basic = await createMonthlyPrice(stripe, 1000, "Basic");
    const pro = await createMonthlyPrice(stripe, 5000, "Pro");
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const err = (await stripe.subscriptions
      .update(sub.id, { items: [{ id: sub.items.data[0]?.id, price: pro.id }], proration_behavior: "always_invoice", payment_behavior: "error_if_incomplete" })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(402);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0]?.price.id).toBe(basic.id);
    expect(after.latest_invoice).toBe(sub.latest_invoice);
    expect(after.status).toBe("active");
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data).toHaveLength(0);
  });

  it("create_preview refuses a proration_date with proration_behavior none, and previews none without it", async () => {
    const basic = await createMonthlyPrice(stripe, 1000, "Basic");
    const pro = await stripe.prices.create({ product: basic.product as string, unit_amount: 2500, currency: "usd", recurring: { interval: "month" } });
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    const item = sub.items.data[0];
    if (!item) throw new Error("no item");
    const details = { items: [{ id: item.id, price: pro.id }], proration_behavior: "none" as const };
    const err = (await stripe.invoices
      .createPreview({ customer: customer.id, subscription: sub.id, subscription_details: { ...details, proration_date: item.current_period_start + 60 } })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    if (t.mode === "emulator") expect(err.param).toBe("subscription_details[proration_date]");
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, subscription_details: details });
    expect(preview.lines.data.some((l) => l.parent?.subscription_item_details?.proration)).toBe(false);
    expect(preview.total).toBe(2500);
  });

  it("create_preview's preview_mode: next (the default) carries pending proration items, recurring leaves them out", async () => {
    const basic = await createMonthlyPrice(stripe, 1000, "Basic");
    const pro = await stripe.prices.create({ product: basic.product as string, unit_amount: 2500, currency: "usd", recurring: { interval: "month" } });
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    const item = sub.items.data[0];
    if (!item) throw new Error("no item");
    // A downgrade credited, not invoiced: its prorations wait as pending invoice items.
    await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: basic.id }], proration_behavior: "create_prorations" });
    const pending = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data;
    expect(pending.length).toBeGreaterThan(0);
    const pendingTotal = pending.reduce((sum, ii) => sum + ii.amount, 0);

    const next = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(next.subtotal).toBe(1000 + pendingTotal);
    const recurring = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, preview_mode: "recurring" });
    expect(recurring.subtotal).toBe(1000);
    expect(recurring.lines.data.some((l) => l.parent?.type === "invoice_item_details")).toBe(false);

    const err = (await stripe.invoices
      .createPreview({ customer: customer.id, subscription: sub.id, preview_mode: "upcoming" })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    if (t.mode === "emulator") expect(err.param).toBe("preview_mode");
  });

  it("a quantity change on the same price is prorated like a price change: credit the old quantity, charge the new", async () => {
    const seat = await createMonthlyPrice(stripe, 1200, "Seat");
    const clock = t.mode === "emulator" ? await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.UTC(2027, 0, 10) / 1000) }) : undefined;
    const customer = await stripe.customers.create({ test_clock: clock?.id });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id, quantity: 2 }] });
    const item = sub.items.data[0];
    if (!item) throw new Error("no item");
    const prorationDate = item.current_period_start + Math.floor((item.current_period_end - item.current_period_start) / 2);
    const change = { items: [{ id: item.id, quantity: 3 }], proration_behavior: "always_invoice" as const, proration_date: prorationDate };
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, subscription_details: change });
    const prorations = preview.lines.data.filter((l) => l.parent?.subscription_item_details?.proration);
    expect(prorations.map((l) => l.quantity).sort()).toEqual([2, 3]);
    const remaining = (item.current_period_end - prorationDate) / (item.current_period_end - item.current_period_start);
    expect(prorations.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-Math.round(2400 * remaining), Math.round(3600 * remaining)]);
    const updated = await stripe.subscriptions.update(sub.id, change);
    expect(updated.items.data[0]?.quantity).toBe(3);
    const billed = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(billed.billing_reason).toBe("subscription_update");
    expect(billed.amount_paid).toBe(preview.amount_due);
    expect(billed.amount_paid).toBe(Math.round(3600 * remaining) - Math.round(2400 * remaining));
  });

  for (const behavior of ["always_invoice", "create_prorations"] as const) {
    it(`create_preview equals what the update bills (${behavior})`, async () => {
      const basic = await createMonthlyPrice(stripe, 1000, "Basic");
      const pro = await stripe.prices.create({ product: basic.product as string, unit_amount: 3333, currency: "usd", recurring: { interval: "month" } });
      const clock = t.mode === "emulator" ? await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.UTC(2027, 0, 10) / 1000) }) : undefined;
      const customer = await stripe.customers.create({ test_clock: clock?.id });
      const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id, quantity: 2 }] });
      const item = sub.items.data[0];
      if (!item) throw new Error("no item");
      const prorationDate = item.current_period_start + Math.floor((item.current_period_end - item.current_period_start) / 3) + 17;
      const preview: Stripe.Invoice = await stripe.invoices.createPreview({
        customer: customer.id,
        subscription: sub.id,
        subscription_details: { items: [{ id: item.id, price: pro.id, quantity: 3 }], proration_behavior: behavior, proration_date: prorationDate },
      });
      const prorationLines = preview.lines.data.filter((l) => l.parent?.subscription_item_details?.proration);
      expect(prorationLines).toHaveLength(2);
      const updated = await stripe.subscriptions.update(sub.id, {
        items: [{ id: item.id, price: pro.id, quantity: 3 }],
        proration_behavior: behavior,
        proration_date: prorationDate,
      });
      expect(updated.items.data[0]?.price.id).toBe(pro.id);
      let billed: Stripe.Invoice;
      if (behavior === "always_invoice") {
        billed = await stripe.invoices.retrieve(updated.latest_invoice as string);
        expect(billed.billing_reason).toBe("subscription_update");
        expect(billed.status).toBe("paid");
      } else {
        if (!clock) return;
        const { advanceClock } = await import("./contract-harness");
        await advanceClock(stripe, clock.id, item.current_period_end + 2 * 3600);
        const invoices = await stripe.invoices.list({ subscription: sub.id, limit: 1 });
        billed = invoices.data[0] as Stripe.Invoice;
        expect(billed.billing_reason).toBe("subscription_cycle");
      }
      expect(billed.total).toBe(preview.total);
      expect(billed.amount_due).toBe(preview.amount_due);
      expect(billed.lines.data.map((l) => l.amount).sort()).toEqual(preview.lines.data.map((l) => l.amount).sort());
    });
  }
});
