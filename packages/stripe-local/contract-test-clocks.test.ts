// Contract: test clocks — a month of renewals, a failed renewal and its recovery, dunning to cancellation,
// trial ends, period-end cancellation and incomplete expiry.

import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceClock, createMonthlyPrice, DAY, startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";
import { startStripeLocal } from "./index";

let t: ContractTarget;
let stripe: Stripe;

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
});
afterAll(() => stopContractTarget(t));

const START = Math.floor(Date.UTC(2027, 2, 15, 12) / 1000);

async function clockCustomer(pm = "pm_card_visa") {
  const clock: Stripe.TestHelpers.TestClock = await stripe.testHelpers.testClocks.create({ frozen_time: START, name: "contract" });
  expect(clock.status).toBe("ready");
  const customer = await stripe.customers.create({ test_clock: clock.id, email: "clock@example.com" });
  expect(customer.created).toBe(START);
  const attached = await stripe.paymentMethods.attach(pm, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });
  return { clock, customer, pm: attached };
}

async function eventTypesSince(created: number, objectId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100, created: { gte: created } });
  return events.data
    .filter((e) => (e.data.object as { id?: string; customer?: string }).id === objectId || (e.data.object as { customer?: string }).customer === objectId)
    .map((e) => e.type)
    .reverse();
}

describe("test clocks", () => {
  it("stamps every event about a clock customer's money with the clock's time, refunds and invoice payments too", async () => {
    if (t.mode !== "emulator") return;
    const { customer } = await clockCustomer();
    const price = await createMonthlyPrice(stripe, 1900, "Stamped");
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], expand: ["latest_invoice"] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const payments = await stripe.invoicePayments.list({ invoice: invoice.id, expand: ["data.payment.payment_intent"] });
    const intent = payments.data[0]?.payment.payment_intent as Stripe.PaymentIntent;
    await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
    const events = await stripe.events.list({ limit: 100, types: ["invoice_payment.paid", "refund.created", "charge.refunded"] });
    const mine = events.data.filter((e) => {
      const object = e.data.object as { invoice?: string; payment_intent?: string; customer?: string };
      return object.invoice === invoice.id || object.payment_intent === intent.id || object.customer === customer.id;
    });
    expect(mine.map((e) => e.type).sort()).toEqual(["charge.refunded", "invoice_payment.paid", "refund.created"]);
    // An app orders writes by event.created: a real-time stamp here would make the refund look older.
    for (const event of mine) expect(event.created, event.type).toBe(START);
  });

  it("renews monthly, survives a failed renewal and recovers with a new card", async () => {
    const price = await createMonthlyPrice(stripe, 4900, "Team");
    const { clock, customer } = await clockCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe("active");
    expect(sub.start_date).toBe(START);
    const firstEnd = sub.items.data[0]?.current_period_end ?? 0;
    expect(firstEnd).toBe(Math.floor(Date.UTC(2027, 3, 15, 12) / 1000));

    // First renewal succeeds.
    await advanceClock(stripe, clock.id, firstEnd + 2 * 3600);
    const renewed: Stripe.Subscription = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(firstEnd);
    const cycle = await stripe.invoices.list({ subscription: sub.id });
    expect(cycle.data).toHaveLength(2);
    expect(cycle.data[0]?.billing_reason).toBe("subscription_cycle");
    expect(cycle.data[0]?.status).toBe("paid");
    expect(cycle.data[0]?.amount_paid).toBe(4900);

    // The card starts failing: the next renewal fails and the subscription goes past_due.
    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const secondEnd = renewed.items.data[0]?.current_period_end ?? 0;
    await advanceClock(stripe, clock.id, secondEnd + 2 * 3600);
    const pastDue = await stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const open = (await stripe.invoices.list({ subscription: sub.id, status: "open" })).data[0];
    expect(open?.attempt_count).toBe(1);
    expect(open?.next_payment_attempt).toBeGreaterThan(secondEnd);
    const types = await eventTypesSince(secondEnd, open?.id ?? "");
    expect(types).toEqual(expect.arrayContaining(["invoice.created", "invoice.finalized", "invoice.payment_failed", "invoice.updated"]));

    // A new card and the scheduled retry recover it.
    const good = await stripe.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: good.id } });
    await advanceClock(stripe, clock.id, (open?.next_payment_attempt ?? 0) + 60);
    const recovered = await stripe.subscriptions.retrieve(sub.id);
    expect(recovered.status).toBe("active");
    const paid = await stripe.invoices.retrieve(open?.id ?? "");
    expect(paid.status).toBe("paid");
    expect(paid.attempt_count).toBe(2);
  });

  // Against real Stripe this needs the account's retry settings at Stripe's default (Smart Retries, 8 tries within
  // 2 weeks, then cancel), which the emulator starts with.
  it("cancels after the last retry fails", async () => {
    const price = await createMonthlyPrice(stripe, 1900);
    const { clock, customer } = await clockCustomer("pm_card_chargeCustomerFail");
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    expect(sub.status).toBe("trialing");
    const trialEnd = sub.trial_end ?? 0;
    await advanceClock(stripe, clock.id, trialEnd + 2 * 3600);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advanceClock(stripe, clock.id, trialEnd + 8 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advanceClock(stripe, clock.id, trialEnd + 15 * DAY);
    const canceled = await stripe.subscriptions.retrieve(sub.id);
    expect(canceled.status).toBe("canceled");
    const invoice = (await stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0];
    expect(invoice?.attempt_count).toBe(8);
    const deleted = await stripe.events.list({ type: "customer.subscription.deleted", limit: 10 });
    expect(deleted.data.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(true);
    const willEnd = await stripe.events.list({ type: "customer.subscription.trial_will_end", limit: 10 });
    const ev = willEnd.data.find((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    expect(ev?.created).toBe(trialEnd - 3 * DAY);
  });

  // A trial started without a card (Checkout's payment_method_collection=if_required, or a skipped SetupIntent)
  // ends by trial_settings.end_behavior.missing_payment_method: no invoice is charged either way.
  async function cardlessTrial(missing: "cancel" | "pause") {
    const price = await createMonthlyPrice(stripe, 2900);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START, name: `cardless ${missing}` });
    const customer = await stripe.customers.create({ test_clock: clock.id, email: "cardless@example.com" });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      trial_settings: { end_behavior: { missing_payment_method: missing } },
    });
    expect(sub.status).toBe("trialing");
    const trialEnd = sub.trial_end ?? 0;
    await advanceClock(stripe, clock.id, trialEnd - 3 * DAY + 60);
    const willEnd = await stripe.events.list({ type: "customer.subscription.trial_will_end", limit: 20 });
    expect(willEnd.data.find((e) => (e.data.object as Stripe.Subscription).id === sub.id)?.created).toBe(trialEnd - 3 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("trialing");
    await advanceClock(stripe, clock.id, trialEnd + 2 * 3600);
    const invoices = await stripe.invoices.list({ subscription: sub.id, limit: 10 });
    expect(invoices.data.every((i) => i.amount_paid === 0)).toBe(true);
    return { sub, trialEnd };
  }

  it("cancels a trial that ends without a card when missing_payment_method is cancel", async () => {
    const { sub } = await cardlessTrial("cancel");
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
    const deleted = await stripe.events.list({ type: "customer.subscription.deleted", limit: 20 });
    expect(deleted.data.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(true);
  });

  it("pauses a trial that ends without a card when missing_payment_method is pause", async () => {
    const { sub } = await cardlessTrial("pause");
    const paused = await stripe.subscriptions.retrieve(sub.id);
    expect(paused.status).toBe("paused");
    const pausedEvents = await stripe.events.list({ type: "customer.subscription.paused", limit: 20 });
    expect(pausedEvents.data.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(true);
  });

  // Resume (docs: billing/subscriptions/pause, "Resume subscriptions"): billing_cycle_anchor now starts a new period
  // with a resumption invoice; resume_on_payment_success charges the default card in the request and resumes only
  // once it is paid; resume_on_payment_attempt (the default) leaves the invoice for invoices.pay.
  async function pausedWithCard(card: string | null) {
    const { sub } = await cardlessTrial("pause");
    const customer = sub.customer as string;
    if (card) {
      const pm = await stripe.paymentMethods.attach(card, { customer });
      await stripe.customers.update(customer, { invoice_settings: { default_payment_method: pm.id } });
    }
    const clock = (await stripe.customers.retrieve(customer)) as Stripe.Customer;
    return { sub, customer, now: (await stripe.testHelpers.testClocks.retrieve(clock.test_clock as string)).frozen_time };
  }
  const resumeNow = { billing_cycle_anchor: { type: "now" }, payment_behavior: "resume_on_payment_success" } as const;

  it("resumes a paused trial with a card: a paid invoice for a new period from now, then active and a resumed event", async () => {
    const { sub, now } = await pausedWithCard("pm_card_visa");
    const resumed = await stripe.subscriptions.resume(sub.id, resumeNow, { idempotencyKey: `resume-${sub.id}` });
    expect(resumed.status).toBe("active");
    expect(resumed.billing_cycle_anchor).toBe(now);
    expect(resumed.items.data[0]?.current_period_start).toBe(now);
    expect(resumed.items.data[0]?.current_period_end).toBeGreaterThan(now + 27 * DAY);
    const invoice = await stripe.invoices.retrieve(resumed.latest_invoice as string);
    expect([invoice.status, invoice.amount_paid, invoice.billing_reason]).toEqual(["paid", 2900, "subscription_update"]);
    const events = await stripe.events.list({ type: "customer.subscription.resumed", limit: 20 });
    expect(events.data.filter((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toHaveLength(1);
    // The same request again (a double click) is answered from the idempotency cache: still one paid invoice.
    const again = await stripe.subscriptions.resume(sub.id, resumeNow, { idempotencyKey: `resume-${sub.id}` });
    expect(again.latest_invoice).toBe(resumed.latest_invoice);
    expect((await stripe.invoices.list({ subscription: sub.id, limit: 10 })).data.filter((i) => i.amount_paid > 0)).toHaveLength(1);
    // A new request on the now active subscription is refused.
    await expect(stripe.subscriptions.resume(sub.id, resumeNow)).rejects.toMatchObject({ statusCode: 400 });
  });

  it("refuses resume_on_payment_success without a card, creating nothing", async () => {
    const { sub } = await pausedWithCard(null);
    const before = (await stripe.invoices.list({ subscription: sub.id, limit: 10 })).data.length;
    await expect(stripe.subscriptions.resume(sub.id, resumeNow)).rejects.toMatchObject({ statusCode: 400 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
    expect((await stripe.invoices.list({ subscription: sub.id, limit: 10 })).data).toHaveLength(before);
  });

  it("keeps a subscription paused when the resumption charge is declined; paying the open invoice with a new card resumes it", async () => {
    const { sub, customer } = await pausedWithCard("pm_card_chargeCustomerFail");
    const attempt = await stripe.subscriptions.resume(sub.id, resumeNow);
    expect(attempt.status).toBe("paused");
    const open = await stripe.invoices.retrieve(attempt.latest_invoice as string);
    expect([open.status, open.amount_paid, open.attempt_count]).toEqual(["open", 0, 1]);
    expect((await stripe.events.list({ type: "customer.subscription.resumed", limit: 20 })).data.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(false);
    // A second resume while that invoice is open is refused (an emulator assumption, see the README).
    await expect(stripe.subscriptions.resume(sub.id, resumeNow)).rejects.toMatchObject({ statusCode: 400 });
    const good = await stripe.paymentMethods.attach("pm_card_visa", { customer });
    const paid = await stripe.invoices.pay(open.id, { payment_method: good.id });
    expect(paid.status).toBe("paid");
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("with resume_on_payment_attempt (the default) the request charges nothing: the invoice waits for invoices.pay", async () => {
    const { sub } = await pausedWithCard("pm_card_visa");
    const attempt = await stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: "now" } });
    expect(attempt.status).toBe("paused");
    const open = await stripe.invoices.retrieve(attempt.latest_invoice as string);
    expect(open.status).toBe("open");
    await stripe.invoices.pay(open.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("a voided resumption invoice leaves the subscription paused, and it can be resumed again", async () => {
    const { sub } = await pausedWithCard("pm_card_chargeCustomerFail");
    const attempt = await stripe.subscriptions.resume(sub.id, resumeNow);
    await stripe.invoices.voidInvoice(attempt.latest_invoice as string);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
    const again = await stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: "now" } });
    expect(again.latest_invoice).not.toBe(attempt.latest_invoice);
  });

  it("a trial's end behavior set by an update is the one its end follows", async () => {
    const price = await createMonthlyPrice(stripe, 2900);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START, name: "cardless switched" });
    const customer = await stripe.customers.create({ test_clock: clock.id, email: "switched@example.com" });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
      payment_behavior: "default_incomplete",
      trial_settings: { end_behavior: { missing_payment_method: "cancel" } },
    });
    const updated = await stripe.subscriptions.update(sub.id, { trial_settings: { end_behavior: { missing_payment_method: "pause" } } });
    expect(updated.trial_settings?.end_behavior.missing_payment_method).toBe("pause");
    await advanceClock(stripe, clock.id, (sub.trial_end ?? 0) + 2 * 3600);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
  });

  it("ends a cancel_at_period_end subscription at period end", async () => {
    const price = await createMonthlyPrice(stripe, 900);
    const { clock, customer } = await clockCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const end = sub.items.data[0]?.current_period_end ?? 0;
    await advanceClock(stripe, clock.id, end + 60);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe("canceled");
    expect(ended.ended_at).toBe(end);
    expect((await stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
  });

  it("a renewal needing authentication asks for action, and completing it recovers the subscription", async () => {
    const price = await createMonthlyPrice(stripe, 2500);
    const { clock, customer } = await clockCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const always3ds = await stripe.paymentMethods.attach("pm_card_authenticationRequired", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: always3ds.id } });
    const end = sub.items.data[0]?.current_period_end ?? 0;
    await advanceClock(stripe, clock.id, end + 2 * 3600);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    const open = (await stripe.invoices.list({ subscription: sub.id, status: "open" })).data[0];
    const actionEvents = await stripe.events.list({ type: "invoice.payment_action_required", limit: 5 });
    expect(actionEvents.data.some((e) => (e.data.object as Stripe.Invoice).id === open?.id)).toBe(true);
    if (t.mode !== "emulator" || !t.local) return;
    const payment = (await stripe.invoicePayments.list({ invoice: open?.id ?? "" })).data[0];
    const piId = payment?.payment.payment_intent as string;
    expect((await stripe.paymentIntents.retrieve(piId)).status).toBe("requires_action");
    const res = await fetch(`${t.local.url}/_local/payment_intents/${piId}/3ds`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"result":"pass"}' });
    expect(res.status).toBe(200);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    expect((await stripe.invoices.retrieve(open?.id ?? "")).status).toBe("paid");
  });

  it("ends a subscription at cancel_at inside the period", async () => {
    const price = await createMonthlyPrice(stripe, 900);
    const { clock, customer } = await clockCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const cancelAt = START + 10 * DAY;
    const scheduled = await stripe.subscriptions.update(sub.id, { cancel_at: cancelAt, proration_behavior: "none" });
    expect(scheduled.cancel_at).toBe(cancelAt);
    await advanceClock(stripe, clock.id, START + 11 * DAY);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe("canceled");
    expect(ended.ended_at).toBe(cancelAt);
  });

  it("expires an unpaid incomplete subscription after 23 hours", async () => {
    const price = await createMonthlyPrice(stripe, 1200);
    const { clock, customer } = await clockCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete" });
    expect(sub.status).toBe("incomplete");
    await advanceClock(stripe, clock.id, START + 24 * 3600);
    const expired = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(expired.status).toBe("incomplete_expired");
    expect((expired.latest_invoice as Stripe.Invoice).status).toBe("void");
  });

  it("refuses to advance more than two intervals at once", async () => {
    if (t.mode !== "emulator") return;
    const price = await createMonthlyPrice(stripe, 1000);
    const { clock, customer } = await clockCustomer();
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const err = (await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 100 * DAY }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
  });

  it("can leave a subscription unpaid instead of canceling when retries run out", async () => {
    if (t.mode !== "emulator") return;
    const local = await startStripeLocal({ port: 0, dunning: { retryDays: [1], finalAction: "unpaid" } });
    try {
      const s = new Stripe("sk_test_unpaid", { host: "127.0.0.1", port: local.port, protocol: "http", telemetry: false, maxNetworkRetries: 0 });
      const price = await createMonthlyPrice(s, 1000);
      const clock = await s.testHelpers.testClocks.create({ frozen_time: START });
      const customer = await s.customers.create({ test_clock: clock.id });
      const pm = await s.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
      await s.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
      const sub = await s.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 3 });
      await advanceClock(s, clock.id, (sub.trial_end ?? 0) + 2 * DAY);
      const unpaid = await s.subscriptions.retrieve(sub.id);
      expect(unpaid.status).toBe("unpaid");
      const inv = (await s.invoices.list({ subscription: sub.id, status: "open" })).data[0];
      expect(inv?.attempt_count).toBe(2);
      expect(inv?.next_payment_attempt).toBeNull();
    } finally {
      await local.stop();
    }
  });
});
