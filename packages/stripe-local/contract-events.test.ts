// Contract: the events each operation emits, in the typical order of spec §2.

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

/** Event types created after `since` (an event id), oldest first. */
async function typesAfter(since: string | undefined): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100, ...(since ? { ending_before: since } : {}) });
  return events.data.map((e) => e.type).reverse();
}

async function lastEventId(): Promise<string | undefined> {
  return (await stripe.events.list({ limit: 1 })).data[0]?.id;
}

describe.skipIf(Boolean(process.env.STRIPE_SECRET_KEY?.startsWith("sk_test_") && !process.env.STRIPE_API_URL))("event sequences (emulator: exact order)", () => {
  it("default_incomplete create, then the first payment (steps 3–4)", async () => {
    const price = await createMonthlyPrice(stripe, 1999);
    const customer = await stripe.customers.create({ email: "seq@example.com" });
    let mark = await lastEventId();
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      payment_settings: { save_default_payment_method: "on_subscription" },
      expand: ["latest_invoice.confirmation_secret"],
    });
    expect(await typesAfter(mark)).toEqual(["customer.subscription.created", "invoice.created", "invoice.finalized", "payment_intent.created"]);
    const piId = ((sub.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret ?? "").split("_secret_")[0] ?? "";
    mark = await lastEventId();
    await stripe.paymentIntents.confirm(piId, { payment_method: "pm_card_visa" });
    expect(await typesAfter(mark)).toEqual([
      "payment_method.attached",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice.updated",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice_payment.paid",
      "customer.subscription.updated",
    ]);
    const updated = (await stripe.events.list({ type: "customer.subscription.updated", limit: 1 })).data[0];
    expect(updated?.data.previous_attributes).toMatchObject({ status: "incomplete", default_payment_method: null });
  });

  it("a declined first payment (step 5)", async () => {
    const price = await createMonthlyPrice(stripe, 1000);
    const customer = await stripe.customers.create({});
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete", expand: ["latest_invoice.confirmation_secret"] });
    const piId = ((sub.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret ?? "").split("_secret_")[0] ?? "";
    const mark = await lastEventId();
    await stripe.paymentIntents.confirm(piId, { payment_method: "pm_card_chargeCustomerFail" }).catch(() => undefined);
    expect(await typesAfter(mark)).toEqual(["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed", "invoice.updated"]);
  });

  it("plan change with always_invoice (step 9), refund (step 13), cancel (step 10)", async () => {
    const basic = await createMonthlyPrice(stripe, 1000, "Basic");
    const pro = await createMonthlyPrice(stripe, 2000, "Pro");
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    let mark = await lastEventId();
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0]?.id, price: pro.id }], proration_behavior: "always_invoice" });
    const types = await typesAfter(mark);
    expect(types[0]).toBe("customer.subscription.updated");
    expect(types.filter((x) => x === "invoiceitem.created")).toHaveLength(2);
    expect(types).toEqual(expect.arrayContaining(["invoice.created", "invoice.finalized", "invoice.paid", "charge.succeeded"]));
    const invoice = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(invoice.billing_reason).toBe("subscription_update");

    const pi = (await stripe.invoicePayments.list({ invoice: invoice.id ?? "" })).data[0]?.payment.payment_intent as string;
    mark = await lastEventId();
    await stripe.refunds.create({ payment_intent: pi, amount: 100 });
    expect(await typesAfter(mark)).toEqual(["refund.created", "charge.refunded"]);

    mark = await lastEventId();
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(await typesAfter(mark)).toEqual(["customer.subscription.updated"]);
    mark = await lastEventId();
    await stripe.subscriptions.cancel(sub.id);
    expect(await typesAfter(mark)).toEqual(["customer.subscription.deleted"]);
  });

  it("invoice routes: finalize, void, lines", async () => {
    const price = await createMonthlyPrice(stripe, 1234);
    const customer = await stripe.customers.create({});
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete" });
    const lines = await stripe.invoices.listLineItems(sub.latest_invoice as string);
    expect(lines.data[0]?.amount).toBe(1234);
    expect(lines.data[0]?.pricing?.price_details?.price).toBe(price.id);
    const voided: Stripe.Invoice = await stripe.invoices.voidInvoice(sub.latest_invoice as string);
    expect(voided.status).toBe("void");
    const again = (await stripe.invoices.finalizeInvoice(voided.id ?? "").catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again.statusCode).toBe(400);
    const open = await stripe.invoices.list({ customer: customer.id, status: "open" });
    expect(open.data).toHaveLength(0);
  });

  it("payment intents: manual capture and cancel", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: "usd", capture_method: "manual", payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    expect(pi.status).toBe("requires_capture");
    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured.status).toBe("succeeded");
    expect(captured.amount_received).toBe(700);
    const other = await stripe.paymentIntents.create({ amount: 700, currency: "usd" });
    const canceled = await stripe.paymentIntents.cancel(other.id);
    expect(canceled.status).toBe("canceled");
  });
});
