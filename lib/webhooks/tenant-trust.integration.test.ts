// Issue #12 findings 3 and 13, replayed through the real route with SDK-signed deliveries and the real database:
// the customer's owner decides an event's tenant (metadata that disagrees parks a "conflict" and changes nothing),
// and an event for a customer no tenant owns is answered 200 and parked as "unmatched" until the customer is linked.
// The emulator answers the gateway's customer lookups (a customer Stripe does not know: "No such customer").
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { listWebhookEvents } from "@/lib/admin/list-webhook-events";
import { getSubscriptionStatus } from "@/lib/billing/get-billing-overview";
import { getDb } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { WEBHOOK_OUTCOME_HEADER } from "@/lib/webhooks/handle-stripe-event";
import { replayEvent } from "@/lib/webhooks/replay-event";
import { chargeObject, eventOf, invoiceObject, subscriptionObject } from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";

let emulator: StripeLocal;

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  process.env.STRIPE_API_URL = emulator.url;
});
afterAll(async () => {
  await getDb().$disconnect();
  await emulator?.stop();
});

async function deliver(event: Stripe.Event): Promise<{ status: number; outcome: string | null }> {
  const res = await POST(signedRequest(JSON.stringify(event)));
  return { status: res.status, outcome: res.headers.get(WEBHOOK_OUTCOME_HEADER) };
}

async function tenant(stripeCustomerId: string | null = uniqueId("cus")) {
  return getDb().tenant.create({ data: { name: "T", slug: uniqueId("t"), stripeCustomerId } });
}

const ledger = (id: string) => getDb().webhookEvent.findUnique({ where: { id } });
const subscriptionRow = (id: string) => getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } });

function checkoutSession(fields: { tenantId?: string | null; metadataTenantId?: string; customer: string | null }) {
  return {
    id: uniqueId("cs_test"),
    object: "checkout.session",
    client_reference_id: fields.tenantId ?? null,
    metadata: fields.metadataTenantId ? { tenantId: fields.metadataTenantId } : {},
    customer: fields.customer,
    subscription: null,
    mode: "subscription",
    status: "complete",
    payment_status: "paid",
  } as unknown as Stripe.Checkout.Session;
}

describe("finding 3: the customer's owner decides the tenant", () => {
  it("parks a subscription for A's customer that names tenant B as a conflict: B stays without access", async () => {
    const a = await tenant();
    const b = await tenant();
    const subscription = subscriptionObject({ customer: a.stripeCustomerId!, status: "active", tenantId: b.id });
    const event = eventOf("customer.subscription.created", subscription);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect(await subscriptionRow(subscription.id)).toBeNull();
    expect(await getSubscriptionStatus(b.id)).toMatchObject({ status: "none", active: false });
    expect(await ledger(event.id)).toMatchObject({ status: "conflict", stripeCustomerId: a.stripeCustomerId });
    expect((await ledger(event.id))?.lastError).toContain(`belongs to tenant ${a.id}`);
    // A redelivery changes nothing either.
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(0);
  });

  it("parks an update that would move A's subscription row to B's customer", async () => {
    const a = await tenant();
    const b = await tenant();
    const subscription = subscriptionObject({ customer: a.stripeCustomerId!, status: "active" });
    expect(await deliver(eventOf("customer.subscription.created", subscription))).toEqual({ status: 200, outcome: "processed" });
    const moved = { ...subscription, customer: b.stripeCustomerId!, status: "canceled" } as Stripe.Subscription;
    const event = eventOf("customer.subscription.updated", moved, { created: Math.floor(Date.now() / 1000) + 10 });
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ tenantId: a.id, status: "active" });
  });

  it("parks an invoice for A's customer whose metadata names B", async () => {
    const a = await tenant();
    const b = await tenant();
    const invoice = { ...invoiceObject({ customer: a.stripeCustomerId!, status: "paid" }), metadata: { tenantId: b.id } } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect(await getDb().invoice.count({ where: { stripeInvoiceId: invoice.id } })).toBe(0);
  });

  it("parks a checkout.session.completed naming B with A's customer: neither tenant's customer changes", async () => {
    const a = await tenant();
    const b = await tenant(null);
    const event = eventOf("checkout.session.completed", checkoutSession({ tenantId: b.id, customer: a.stripeCustomerId }));
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect((await getDb().tenant.findUnique({ where: { id: b.id } }))?.stripeCustomerId).toBeNull();
    expect((await getDb().tenant.findUnique({ where: { id: a.id } }))?.stripeCustomerId).toBe(a.stripeCustomerId);
  });

  it("parks a checkout.session.completed that would replace B's existing customer", async () => {
    const b = await tenant();
    const event = eventOf("checkout.session.completed", checkoutSession({ tenantId: b.id, customer: uniqueId("cus") }));
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect((await getDb().tenant.findUnique({ where: { id: b.id } }))?.stripeCustomerId).toBe(b.stripeCustomerId);
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(0);
  });

  it("parks a session whose client_reference_id and metadata.tenantId differ", async () => {
    const a = await tenant(null);
    const b = await tenant(null);
    const event = eventOf("checkout.session.completed", checkoutSession({ tenantId: a.id, metadataTenantId: b.id, customer: uniqueId("cus") }));
    expect(await deliver(event)).toEqual({ status: 200, outcome: "conflict" });
    expect(await getDb().tenant.count({ where: { id: { in: [a.id, b.id] }, stripeCustomerId: { not: null } } })).toBe(0);
  });

  it("shows conflicts to admins: an overview count and a status filter on the webhooks page", async () => {
    const a = await tenant();
    const b = await tenant();
    const event = eventOf("customer.subscription.updated", subscriptionObject({ customer: a.stripeCustomerId!, status: "active", tenantId: b.id }));
    await deliver(event);
    expect((await getAdminOverview()).webhooks.conflictOpen).toBeGreaterThan(0);
    const page = await listWebhookEvents({ status: "conflict", limit: 200 });
    expect(page.rows.map((row) => row.id)).toContain(event.id);
    expect(page.rows.every((row) => row.status === "conflict")).toBe(true);
  });

  it("parks an invoice_payment.paid that would link A's payment to B's invoice", async () => {
    const a = await tenant();
    const b = await tenant();
    const charge = chargeObject({ customer: a.stripeCustomerId! });
    expect((await deliver(eventOf("charge.succeeded", charge))).outcome).toBe("processed");
    const invoice = invoiceObject({ customer: b.stripeCustomerId!, status: "paid" });
    expect((await deliver(eventOf("invoice.paid", invoice))).outcome).toBe("processed");
    const invoicePayment = {
      id: uniqueId("inpay"),
      object: "invoice_payment",
      invoice: invoice.id,
      amount_paid: 2000,
      status: "paid",
      payment: { type: "payment_intent", payment_intent: charge.payment_intent },
    } as unknown as Stripe.InvoicePayment;
    expect(await deliver(eventOf("invoice_payment.paid", invoicePayment))).toEqual({ status: 200, outcome: "conflict" });
    expect((await getDb().payment.findUnique({ where: { stripeChargeId: charge.id } }))?.stripeInvoiceId).toBeNull();
  });

  it("reads the latest invoice's status within the tenant only", async () => {
    const a = await tenant();
    const b = await tenant();
    const invoice = invoiceObject({ customer: a.stripeCustomerId!, status: "paid" });
    expect((await deliver(eventOf("invoice.paid", invoice))).outcome).toBe("processed");
    // B's subscription points at A's invoice id (a hostile or buggy payload): B must not read A's invoice.
    const subscription = { ...subscriptionObject({ customer: b.stripeCustomerId!, status: "active" }), latest_invoice: invoice.id } as Stripe.Subscription;
    expect((await deliver(eventOf("customer.subscription.created", subscription))).outcome).toBe("processed");
    expect(await getSubscriptionStatus(b.id)).toMatchObject({ status: "active", latestInvoiceStatus: null });
  });
});

describe("finding 13: events for a customer no tenant owns", () => {
  it("answers 200 and parks 'No such customer' as unmatched, with the reason, filterable in admin", async () => {
    const event = eventOf("customer.subscription.updated", subscriptionObject({ customer: "cus_doesnotexist0001", status: "active" }));
    expect(await deliver(event)).toEqual({ status: 200, outcome: "unmatched" });
    expect(await ledger(event.id)).toMatchObject({ status: "unmatched", stripeCustomerId: "cus_doesnotexist0001" });
    expect((await ledger(event.id))?.lastError).toContain("belongs to no tenant");
    const page = await listWebhookEvents({ status: "unmatched", limit: 200 });
    expect(page.rows.find((row) => row.id === event.id)?.lastError).toContain("cus_doesnotexist0001");
  });

  it("applies parked events automatically when checkout links the customer", async () => {
    const customer = await getStripe().customers.create({ email: "nobody@example.test" });
    const subscription = subscriptionObject({ customer: customer.id, status: "active" });
    const invoice = invoiceObject({ customer: customer.id, status: "paid", subscription: subscription.id });
    const parked = [eventOf("customer.subscription.updated", subscription), eventOf("invoice.paid", invoice)];
    for (const event of parked) expect(await deliver(event)).toEqual({ status: 200, outcome: "unmatched" });
    expect(await subscriptionRow(subscription.id)).toBeNull();

    const t = await tenant(null);
    expect(await deliver(eventOf("checkout.session.completed", checkoutSession({ tenantId: t.id, customer: customer.id })))).toEqual({
      status: 200,
      outcome: "processed",
    });
    for (const event of parked) expect(await ledger(event.id)).toMatchObject({ status: "processed", tenantId: t.id });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ tenantId: t.id, status: "active" });
    expect(await getDb().invoice.findUnique({ where: { stripeInvoiceId: invoice.id } })).toMatchObject({ tenantId: t.id });
  });

  it("applies a parked event on replay once the customer is linked", async () => {
    const customer = uniqueId("cus");
    const subscription = subscriptionObject({ customer, status: "active" });
    const event = eventOf("customer.subscription.created", subscription);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "unmatched" });
    const t = await tenant(customer);
    expect(await replayEvent(event.id)).toMatchObject({ outcome: "processed", tenantId: t.id });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ tenantId: t.id });
  });
});
