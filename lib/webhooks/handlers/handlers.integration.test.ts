// One describe per event handler, each driven through the real route with SDK-signed deliveries.
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { WEBHOOK_OUTCOME_HEADER } from "@/lib/webhooks/handle-stripe-event";
import {
  chargeObject,
  eventOf,
  invoiceObject,
  refundObject,
  subscriptionObject,
} from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";

afterAll(async () => {
  await getDb().$disconnect();
});

async function deliver(event: Stripe.Event): Promise<{ status: number; outcome?: string }> {
  const res = await POST(signedRequest(JSON.stringify(event)));
  return { status: res.status, outcome: res.headers.get(WEBHOOK_OUTCOME_HEADER) ?? undefined };
}

async function createTenant(linked = true) {
  const customer = uniqueId("cus");
  const tenant = await getDb().tenant.create({
    data: { name: "Acme", slug: uniqueId("acme"), stripeCustomerId: linked ? customer : null },
  });
  return { tenantId: tenant.id, customer };
}

const audits = (eventId: string) => getDb().auditLog.findMany({ where: { actor: `stripe:${eventId}` } });

describe("checkout.session.completed", () => {
  it("links the Stripe customer to the tenant named by client_reference_id, once", async () => {
    const { tenantId } = await createTenant(false);
    const customer = uniqueId("cus");
    const session = {
      id: uniqueId("cs_test"),
      object: "checkout.session",
      client_reference_id: tenantId,
      customer,
      subscription: null,
      metadata: {},
      mode: "subscription",
      status: "complete",
      payment_status: "paid",
    } as unknown as Stripe.Checkout.Session;
    const event = eventOf("checkout.session.completed", session);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "processed" });
    expect((await getDb().tenant.findUnique({ where: { id: tenantId } }))?.stripeCustomerId).toBe(customer);
    const [audit] = await audits(event.id);
    expect(audit).toMatchObject({ tenantId, action: "tenant.stripe_customer_linked" });
  });

  it("parks a session that names no tenant and no customer as unmatched (200, not retried)", async () => {
    const session = { id: uniqueId("cs_test"), object: "checkout.session", client_reference_id: null, metadata: {}, customer: null, subscription: null } as unknown as Stripe.Checkout.Session;
    expect(await deliver(eventOf("checkout.session.completed", session))).toEqual({ status: 200, outcome: "unmatched" });
  });
});

describe("customer.subscription.created", () => {
  it("creates the row from the payload, with the period from the first item and the plan by price", async () => {
    const { tenantId, customer } = await createTenant();
    const price = uniqueId("price");
    const plan = await getDb().plan.create({
      data: { key: uniqueId("starter"), name: "Starter", amount: 2000, interval: "month", stripePriceId: price },
    });
    const subscription = subscriptionObject({ customer, status: "incomplete", price, periodStart: 1_790_000_000 });
    const event = eventOf("customer.subscription.created", subscription);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "processed" });
    const row = await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
    expect(row).toMatchObject({
      tenantId,
      status: "incomplete",
      planId: plan.id,
      stripePriceId: price,
      currentPeriodStart: new Date(1_790_000_000 * 1000),
      currentPeriodEnd: new Date((1_790_000_000 + 30 * 86400) * 1000),
      lastEventCreated: BigInt(event.created),
      lastEventId: event.id,
    });
    expect(await audits(event.id)).toHaveLength(1);
  });

  it("resolves the tenant from subscription metadata and links an unlinked customer", async () => {
    const { tenantId } = await createTenant(false);
    const customer = uniqueId("cus");
    const event = eventOf("customer.subscription.created", subscriptionObject({ customer, status: "active", tenantId }));
    expect((await deliver(event)).status).toBe(200);
    expect((await getDb().tenant.findUnique({ where: { id: tenantId } }))?.stripeCustomerId).toBe(customer);
  });
});

describe("customer.subscription.updated", () => {
  it("applies a newer state with an audit row, and never lets an older event overwrite it", async () => {
    const { tenantId, customer } = await createTenant();
    const id = uniqueId("sub");
    const t = 1_790_000_000;
    const created = eventOf("customer.subscription.created", subscriptionObject({ id, customer, status: "incomplete" }), { created: t });
    const activated = eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: "active" }), { created: t + 5 });
    const pastDue = eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: "past_due" }), { created: t + 10 });
    await deliver(created);
    await deliver(pastDue);
    expect((await deliver(activated)).status).toBe(200);
    const row = await getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } });
    expect(row).toMatchObject({ tenantId, status: "past_due", lastEventId: pastDue.id, lastEventCreated: BigInt(t + 10) });
    expect(await audits(activated.id)).toHaveLength(0);
    const [audit] = await audits(pastDue.id);
    expect(audit).toMatchObject({ before: { status: "incomplete" }, after: { status: "past_due" } });
  });

  it("fails closed on a status we do not know: 500, nothing written", async () => {
    const { customer } = await createTenant();
    const subscription = subscriptionObject({ customer, status: "suspended_by_robot" });
    expect((await deliver(eventOf("customer.subscription.updated", subscription))).status).toBe(500);
    expect(await getDb().subscription.count({ where: { stripeSubscriptionId: subscription.id } })).toBe(0);
  });
});

describe("customer.subscription.deleted", () => {
  it("records the cancellation and its end time", async () => {
    const { customer } = await createTenant();
    const id = uniqueId("sub");
    await deliver(eventOf("customer.subscription.created", subscriptionObject({ id, customer, status: "active" }), { created: 1_790_000_000 }));
    const ended = 1_790_000_500;
    const event = eventOf(
      "customer.subscription.deleted",
      subscriptionObject({ id, customer, status: "canceled", canceledAt: ended, endedAt: ended }),
      { created: ended },
    );
    expect((await deliver(event)).status).toBe(200);
    const row = await getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } });
    expect(row).toMatchObject({ status: "canceled", endedAt: new Date(ended * 1000), canceledAt: new Date(ended * 1000) });
  });

  it("keeps the customer's cancellation feedback and comment, set when they asked to cancel at period end", async () => {
    const { customer } = await createTenant();
    const id = uniqueId("sub");
    const details = { reason: "cancellation_requested", feedback: "too_expensive", comment: "Over budget this quarter" };
    const requested = subscriptionObject({ id, customer, status: "active", cancelAtPeriodEnd: true, canceledAt: 1_790_000_100, cancellationDetails: details });
    await deliver(eventOf("customer.subscription.updated", requested, { created: 1_790_000_100 }));
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } })).toMatchObject({
      cancellationReason: "cancellation_requested",
      cancellationFeedback: "too_expensive",
      cancellationComment: "Over budget this quarter",
    });
    const ended = subscriptionObject({ id, customer, status: "canceled", canceledAt: 1_790_000_100, endedAt: 1_792_000_000, cancellationDetails: details });
    await deliver(eventOf("customer.subscription.deleted", ended, { created: 1_792_000_000 }));
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } })).toMatchObject({
      status: "canceled",
      cancellationFeedback: "too_expensive",
      cancellationComment: "Over budget this quarter",
    });
  });
});

describe.each([
  ["customer.subscription.paused", "paused"],
  ["customer.subscription.resumed", "active"],
] as const)("%s", (type, status) => {
  it(`writes the ${status} subscription it carries, with an audit row for the change`, async () => {
    const { tenantId, customer } = await createTenant();
    const id = uniqueId("sub");
    const before = status === "paused" ? "active" : "paused";
    await deliver(eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: before }), { created: 1_790_000_000 }));
    const event = eventOf(type, subscriptionObject({ id, customer, status }), { created: 1_790_000_100 });
    expect(await deliver(event)).toEqual({ status: 200, outcome: "processed" });
    expect((await getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } }))?.status).toBe(status);
    expect(await audits(event.id)).toEqual([
      expect.objectContaining({ tenantId, before: { stripeSubscriptionId: id, status: before }, after: { stripeSubscriptionId: id, status } }),
    ]);
  });
});

describe("customer.subscription.trial_will_end", () => {
  it("writes the trialing subscription it carries", async () => {
    const { customer } = await createTenant();
    const subscription = subscriptionObject({ customer, status: "trialing" });
    expect(await deliver(eventOf("customer.subscription.trial_will_end", subscription))).toEqual({ status: 200, outcome: "processed" });
    expect((await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } }))?.status).toBe("trialing");
  });
});

describe.each([
  ["invoice.created", "draft"],
  ["invoice.updated", "open"],
  ["invoice.voided", "void"],
  ["invoice.marked_uncollectible", "uncollectible"],
  ["invoice.finalized", "open"],
  ["invoice.paid", "paid"],
  ["invoice.payment_succeeded", "paid"],
  ["invoice.payment_failed", "open"],
  ["invoice.payment_action_required", "open"],
] as const)("%s", (type, status) => {
  it(`writes the invoice (${status}) with its subscription link, and keeps no client secret`, async () => {
    const { tenantId, customer } = await createTenant();
    const subscription = uniqueId("sub");
    const invoice = invoiceObject({ customer, subscription, status });
    const event = eventOf(type, invoice);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "processed" });
    const row = await getDb().invoice.findUnique({ where: { stripeInvoiceId: invoice.id } });
    expect(row).toMatchObject({
      tenantId,
      status,
      stripeSubscriptionId: subscription,
      number: "AAB-0001",
      amountDue: 2000,
      amountPaid: status === "paid" ? 2000 : 0,
      lastEventId: event.id,
    });
    const ledger = await getDb().webhookEvent.findUnique({ where: { id: event.id } });
    expect(JSON.stringify(ledger?.payload)).not.toContain("pi_3Abc_secret_XyZ123");
    expect(ledger).toMatchObject({ status: "processed", tenantId, objectId: invoice.id });
  });
});

describe("invoice ordering", () => {
  it("keeps paid when invoice.finalized (older) arrives after invoice.paid", async () => {
    const { customer } = await createTenant();
    const id = uniqueId("in");
    await deliver(eventOf("invoice.paid", invoiceObject({ id, customer, status: "paid" }), { created: 1_790_000_010 }));
    await deliver(eventOf("invoice.finalized", invoiceObject({ id, customer, status: "open" }), { created: 1_790_000_000 }));
    expect((await getDb().invoice.findUnique({ where: { stripeInvoiceId: id } }))?.status).toBe("paid");
  });
});

describe("charge.succeeded", () => {
  it("records the payment with card brand and last4 only", async () => {
    const { tenantId, customer } = await createTenant();
    const charge = chargeObject({ customer });
    expect((await deliver(eventOf("charge.succeeded", charge))).status).toBe(200);
    const row = await getDb().payment.findUnique({ where: { stripeChargeId: charge.id } });
    expect(row).toMatchObject({ tenantId, amount: 2000, status: "succeeded", cardBrand: "visa", cardLast4: "4242", amountRefunded: 0 });
  });
});

describe("charge.failed", () => {
  it("records the failed payment with its decline code", async () => {
    const { customer } = await createTenant();
    const charge = chargeObject({ customer, status: "failed", failureCode: "card_declined" });
    expect((await deliver(eventOf("charge.failed", charge))).status).toBe(200);
    expect(await getDb().payment.findUnique({ where: { stripeChargeId: charge.id } })).toMatchObject({
      status: "failed",
      failureCode: "card_declined",
    });
  });
});

describe("invoice_payment.paid", () => {
  it("links the payment of the PaymentIntent to its invoice", async () => {
    const { tenantId, customer } = await createTenant();
    const charge = chargeObject({ customer });
    await deliver(eventOf("charge.succeeded", charge));
    const invoiceId = uniqueId("in");
    const invoicePayment = {
      id: uniqueId("inpay"),
      object: "invoice_payment",
      invoice: invoiceId,
      amount_paid: 2000,
      status: "paid",
      is_default: true,
      payment: { type: "payment_intent", payment_intent: charge.payment_intent },
    } as unknown as Stripe.InvoicePayment;
    const event = eventOf("invoice_payment.paid", invoicePayment);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "processed" });
    expect((await getDb().payment.findUnique({ where: { stripeChargeId: charge.id } }))?.stripeInvoiceId).toBe(invoiceId);
    expect((await getDb().webhookEvent.findUnique({ where: { id: event.id } }))?.tenantId).toBe(tenantId);
  });
});

describe("charge.updated", () => {
  it("updates the payment when newer", async () => {
    const { customer } = await createTenant();
    const id = uniqueId("ch");
    await deliver(eventOf("charge.succeeded", chargeObject({ id, customer, status: "pending" }), { created: 1_790_000_000 }));
    expect((await deliver(eventOf("charge.updated", chargeObject({ id, customer }), { created: 1_790_000_050 }))).status).toBe(200);
    expect((await getDb().payment.findUnique({ where: { stripeChargeId: id } }))?.status).toBe("succeeded");
  });
});

describe("charge.refunded", () => {
  it("records the refunded amount on the payment and a Refund row per refund, with an audit row", async () => {
    const { tenantId, customer } = await createTenant();
    const id = uniqueId("ch");
    await deliver(eventOf("charge.succeeded", chargeObject({ id, customer }), { created: 1_790_000_000 }));
    const refund = refundObject(id, 500);
    const event = eventOf("charge.refunded", chargeObject({ id, customer, amountRefunded: 500, refunds: [refund] }), {
      created: 1_790_000_100,
    });
    expect(await deliver(event)).toEqual({ status: 200, outcome: "processed" });
    const payment = await getDb().payment.findUnique({ where: { stripeChargeId: id }, include: { refunds: true } });
    expect(payment).toMatchObject({ amountRefunded: 500, refunded: false });
    expect(payment?.refunds).toEqual([expect.objectContaining({ stripeRefundId: refund.id, amount: 500, tenantId, status: "succeeded" })]);
    const [audit] = await audits(event.id);
    expect(audit).toMatchObject({ action: "payment.refunded", after: { amountRefunded: 500 } });
  });
});

describe("payment_method.attached", () => {
  it("keeps brand, last4 and expiry of the newest attached card", async () => {
    const { tenantId, customer } = await createTenant();
    const card = (id: string, last4: string) =>
      ({
        id,
        object: "payment_method",
        type: "card",
        customer,
        metadata: {},
        card: { brand: "visa", last4, exp_month: 4, exp_year: 2031 },
      }) as unknown as Stripe.PaymentMethod;
    await deliver(eventOf("payment_method.attached", card(uniqueId("pm"), "4444"), { created: 1_790_000_100 }));
    await deliver(eventOf("payment_method.attached", card(uniqueId("pm"), "1111"), { created: 1_790_000_000 }));
    expect(await getDb().paymentMethod.findUnique({ where: { tenantId } })).toMatchObject({
      brand: "visa",
      last4: "4444",
      expMonth: 4,
      expYear: 2031,
    });
  });
});
