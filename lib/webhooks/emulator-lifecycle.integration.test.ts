// Against the local Stripe emulator: real objects and real event streams. Most of a lifecycle's events share a
// second here, so these orders exercise the tie → refetch-through-the-gateway path; the rows must end equal to
// the emulator's final objects. Also end to end: the emulator forwards signed deliveries to the real route.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { invoiceFields, paymentFields, subscriptionFields } from "@/lib/stripe/mappers";
import { seededShuffle } from "@/testing/webhooks/seeded-shuffle";
import { createPrng } from "@asset-anchor/stripe-local/prng";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";

let emulator: StripeLocal;
let price: string;

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  // Before the first getStripe()/getEnv(): the gateway talks to the emulator.
  process.env.STRIPE_API_URL = emulator.url;
  const product = await getStripe().products.create({ name: "Starter" });
  price = (await getStripe().prices.create({ product: product.id, unit_amount: 1900, currency: "usd", recurring: { interval: "month" } })).id;
});
afterAll(async () => {
  await getDb().$disconnect();
  await emulator?.stop();
});

async function createTenant() {
  return getDb().tenant.create({ data: { name: "Emu", slug: uniqueId("emu") } });
}

/** Everything the emulator emitted about one customer (and its invoices' payments), oldest first. */
async function eventsFor(customerId: string): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const event of getStripe().events.list({ limit: 100 })) all.push(event);
  const objectOf = (event: Stripe.Event) => event.data.object as { id?: string; object?: string; customer?: unknown; invoice?: unknown };
  const invoices = new Set(
    all.filter((e) => objectOf(e).object === "invoice" && objectOf(e).customer === customerId).map((e) => objectOf(e).id),
  );
  return all
    .filter((event) => {
      const object = objectOf(event);
      return object.customer === customerId || object.id === customerId || invoices.has(object.invoice as string);
    })
    .reverse();
}

/** Subscribe with a card that pays, schedule a cancellation, take it back, then cancel now. */
async function runLifecycle(tenantId: string) {
  const stripe = getStripe();
  const customer = await stripe.customers.create({ email: "emu@example.test", metadata: { tenantId } });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price }],
    default_payment_method: pm.id,
    metadata: { tenantId },
  });
  await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
  await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
  await stripe.subscriptions.cancel(subscription.id);
  return { customerId: customer.id, subscriptionId: subscription.id };
}

async function expectRowsEqualEmulator(tenantId: string, customerId: string, subscriptionId: string, label: string) {
  const stripe = getStripe();
  const { stripeCustomerId: _c, metadataTenantId: _m, ...want } = subscriptionFields(await stripe.subscriptions.retrieve(subscriptionId));
  const row = await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscriptionId } });
  expect(row, label).toMatchObject(want);

  const invoices = (await stripe.invoices.list({ customer: customerId })).data;
  for (const invoice of invoices) {
    const { stripeCustomerId: _ic, metadataTenantId: _im, ...fields } = invoiceFields(invoice);
    const stored = await getDb().invoice.findUnique({ where: { stripeInvoiceId: invoice.id } });
    expect(stored, `${label} ${invoice.id}`).toMatchObject(fields);
  }
  for (const invoice of invoices.filter((candidate) => candidate.status === "paid" && candidate.amount_paid > 0)) {
    const [invoicePayment] = (await stripe.invoicePayments.list({ invoice: invoice.id })).data;
    const paymentIntent = invoicePayment?.payment.payment_intent;
    const linked = await getDb().payment.findMany({ where: { stripeInvoiceId: invoice.id }, select: { stripePaymentIntentId: true } });
    expect(linked, `${label} ${invoice.id} payment link`).toEqual([{ stripePaymentIntentId: paymentIntent }]);
  }
  const charges = (await stripe.charges.list({ customer: customerId })).data;
  for (const charge of charges) {
    const { stripeCustomerId: _pc, metadataTenantId: _pm, ...fields } = paymentFields(charge);
    const stored = await getDb().payment.findUnique({ where: { stripeChargeId: charge.id } });
    expect(stored, `${label} ${charge.id}`).toMatchObject(fields);
  }
  expect(await getDb().webhookEvent.count({ where: { tenantId, status: "failed" } }), label).toBe(0);
}

describe("emulator event streams in any order", () => {
  it("end with rows equal to the emulator's final objects in 50 seeded shuffles", async () => {
    const tenant = await createTenant();
    const { customerId, subscriptionId } = await runLifecycle(tenant.id);
    const events = await eventsFor(customerId);
    const handledTypes = new Set(events.map((event) => event.type));
    expect(handledTypes).toContain("customer.subscription.created");
    expect(handledTypes).toContain("customer.subscription.deleted");
    expect(handledTypes).toContain("invoice.paid");
    expect(handledTypes).toContain("charge.succeeded");
    expect(handledTypes).toContain("invoice_payment.paid");

    const random = createPrng(4242);
    for (let order = 0; order < 50; order += 1) {
      // Forget the previous run's rows and ledger entries, so the same stream is applied from scratch.
      await getDb().$transaction([
        getDb().webhookEvent.deleteMany({ where: { id: { in: events.map((event) => event.id) } } }),
        getDb().subscription.deleteMany({ where: { tenantId: tenant.id } }),
        getDb().invoice.deleteMany({ where: { tenantId: tenant.id } }),
        getDb().refund.deleteMany({ where: { tenantId: tenant.id } }),
        getDb().payment.deleteMany({ where: { tenantId: tenant.id } }),
        getDb().paymentMethod.deleteMany({ where: { tenantId: tenant.id } }),
      ]);
      const bodies = events.map((event) => JSON.stringify(event));
      const deliveries = seededShuffle([...bodies, ...bodies.filter(() => random() < 0.2)], random);
      for (const body of deliveries) expect((await POST(signedRequest(body))).status, `order ${order}`).toBe(200);
      await expectRowsEqualEmulator(tenant.id, customerId, subscriptionId, `order ${order}`);
    }
  }, 240_000);
});

describe("end to end with the emulator forwarding deliveries", () => {
  let server: Server;

  beforeAll(async () => {
    // The real route behind a plain HTTP listener, as `next start` would put it.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
        POST(new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: "POST", headers, body: Buffer.concat(chunks) }))
          .then(async (response) => {
            res.writeHead(response.status, { "content-type": "application/json" });
            res.end(await response.text());
          })
          .catch(() => {
            res.writeHead(500);
            res.end();
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    emulator.configureWebhook({
      url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
      secret: process.env.STRIPE_WEBHOOK_SECRET,
      retrySchedule: [200, 500, 1000],
    });
  });
  afterAll(async () => {
    emulator.configureWebhook({ url: null });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("subscribe with 4242 → the tenant is active; a refund → charge.refunded recorded with the amount", async () => {
    const tenant = await createTenant();
    const stripe = getStripe();
    const customer = await stripe.customers.create({ email: "e2e@example.test", metadata: { tenantId: tenant.id } });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price }], default_payment_method: pm.id });
    await emulator.waitForDeliveries(20_000);

    const row = await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
    expect(row).toMatchObject({ tenantId: tenant.id, status: "active" });
    expect((await getDb().tenant.findUnique({ where: { id: tenant.id } }))?.stripeCustomerId).toBe(customer.id);
    expect(await getDb().paymentMethod.findUnique({ where: { tenantId: tenant.id } })).toMatchObject({ last4: "4242" });

    const [charge] = (await stripe.charges.list({ customer: customer.id })).data;
    if (!charge) throw new Error("the emulator made no charge");
    await stripe.refunds.create({ charge: charge.id, amount: 700 });
    await emulator.waitForDeliveries(20_000);

    const payment = await getDb().payment.findUnique({ where: { stripeChargeId: charge.id }, include: { refunds: true } });
    expect(payment).toMatchObject({ tenantId: tenant.id, amount: 1900, amountRefunded: 700, refunded: false });
    expect(payment?.refunds).toEqual([expect.objectContaining({ amount: 700, stripeChargeId: charge.id })]);
    const refundedEvents = await getDb().webhookEvent.findMany({ where: { tenantId: tenant.id, type: "charge.refunded" } });
    expect(refundedEvents).toEqual([expect.objectContaining({ status: "processed" })]);
  }, 60_000);

  it("a trial without a card paused at its end (missing_payment_method=pause) → the row is paused; resumed → active", async () => {
    const tenant = await createTenant();
    const stripe = getStripe();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
    const customer = await stripe.customers.create({ email: "trial@example.test", test_clock: clock.id, metadata: { tenantId: tenant.id } });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price }],
      trial_period_days: 7,
      payment_behavior: "default_incomplete",
      trial_settings: { end_behavior: { missing_payment_method: "pause" } },
      metadata: { tenantId: tenant.id },
    });
    await emulator.waitForDeliveries(20_000);
    const trialing = await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
    expect(trialing).toMatchObject({ status: "trialing", trialEnd: new Date((subscription.trial_end ?? 0) * 1000) });

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: (subscription.trial_end ?? 0) + 3600 });
    await expect.poll(async () => (await stripe.testHelpers.testClocks.retrieve(clock.id)).status, { timeout: 20_000 }).toBe("ready");
    await emulator.waitForDeliveries(20_000);
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({ status: "paused" });
    const pausedEvents = await getDb().webhookEvent.findMany({ where: { tenantId: tenant.id, type: "customer.subscription.paused" } });
    expect(pausedEvents).toEqual([expect.objectContaining({ status: "processed" })]);

    // Resumed as Stripe resumes it: a card first, then a resumption invoice charged in the request.
    const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    await stripe.subscriptions.resume(subscription.id, { billing_cycle_anchor: { type: "now" }, payment_behavior: "resume_on_payment_success" });
    await emulator.waitForDeliveries(20_000);
    const resumedEvents = await getDb().webhookEvent.findMany({ where: { tenantId: tenant.id, type: "customer.subscription.resumed" } });
    expect(resumedEvents).toEqual([expect.objectContaining({ status: "processed" })]);
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({ status: "active" });
  }, 60_000);
});
