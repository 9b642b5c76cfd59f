// Events rendered in another API version (an endpoint left on 2025-02-24.acacia; the Events API in the account's
// default version) against the emulator and a real PostgreSQL: the acacia shapes lack what the mappers read
// (`invoice.parent.subscription_details`, `items.data[].current_period_*`), so mapping them as they are would write
// null subscription ids and periods. Applied through the dispatcher, they must produce the same rows as the same
// story told in the pinned version.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { getStripe } from "@/lib/stripe/client";
import { invoiceFields, subscriptionFields } from "@/lib/stripe/mappers";
import { uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import { fillEventGap } from "@/lib/admin/fill-event-gap";
import { handleStripeEvent } from "./handle-stripe-event";

const ACACIA = "2025-02-24.acacia";
let emulator: StripeLocal;
let price: string;

async function setAccountVersion(version: string): Promise<void> {
  const res = await fetch(`${emulator.url}/_local/account`, { method: "POST", body: new URLSearchParams({ api_version: version }) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  process.env.STRIPE_API_URL = emulator.url;
  process.env.LOG_LEVEL = "silent";
  const product = await getStripe().products.create({ name: "Versions" });
  price = (await getStripe().prices.create({ product: product.id, unit_amount: 2900, currency: "usd", recurring: { interval: "month" } })).id;
});
afterAll(async () => {
  await getDb().$disconnect();
  await emulator?.stop();
});

/** A paid subscription, then a cancellation scheduled at period end: creates, updates, invoices, a charge. */
async function story(): Promise<{ tenantId: string; customerId: string; subscriptionId: string }> {
  const tenant = await getDb().tenant.create({ data: { name: "Versions", slug: uniqueId("ver") } });
  const stripe = getStripe();
  const customer = await stripe.customers.create({ email: "versions@example.test", metadata: { tenantId: tenant.id } });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price }], default_payment_method: pm.id, metadata: { tenantId: tenant.id } });
  await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
  return { tenantId: tenant.id, customerId: customer.id, subscriptionId: sub.id };
}

/** The customer's events from the Events API (rendered in the account's default version), oldest first. */
async function eventsFor(customerId: string): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const event of getStripe().events.list({ limit: 100 })) all.push(event);
  const objectOf = (event: Stripe.Event) => event.data.object as { id?: string; object?: string; customer?: unknown; invoice?: unknown };
  const invoices = new Set(all.filter((e) => objectOf(e).object === "invoice" && objectOf(e).customer === customerId).map((e) => objectOf(e).id));
  return all.filter((e) => objectOf(e).customer === customerId || invoices.has(objectOf(e).invoice as string)).reverse();
}

/**
 * The last event of each object: each row is then written once, from a payload. (A whole stream in one second
 * would tie and be refetched from Stripe anyway, hiding what a payload alone maps to.)
 */
function lastPerObject(events: Stripe.Event[]): Stripe.Event[] {
  const last = new Map<string, Stripe.Event>();
  for (const event of events) last.set((event.data.object as { id: string }).id, event);
  return [...last.values()];
}

/** What the rows say, without the ids that differ between two tenants' stories. */
async function rowsOf(tenantId: string, subscriptionId: string) {
  const db = getDb();
  const sub = await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscriptionId } });
  const invoices = await db.invoice.findMany({ where: { tenantId }, orderBy: { stripeCreatedAt: "asc" } });
  const payments = await db.payment.findMany({ where: { tenantId } });
  return {
    subscription: {
      status: sub.status,
      stripePriceId: sub.stripePriceId,
      quantity: sub.quantity,
      periodSeconds: sub.currentPeriodEnd && sub.currentPeriodStart ? (sub.currentPeriodEnd.getTime() - sub.currentPeriodStart.getTime()) / 1000 : null,
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      hasLatestInvoice: sub.latestInvoiceId !== null,
    },
    invoices: invoices.map((invoice) => ({
      status: invoice.status,
      billingReason: invoice.billingReason,
      amountPaid: invoice.amountPaid,
      ownSubscription: invoice.stripeSubscriptionId === subscriptionId,
      hasPeriod: invoice.periodStart !== null && invoice.periodEnd !== null,
    })),
    payments: payments.map((payment) => ({
      status: payment.status,
      amount: payment.amount,
      linkedToInvoice: invoices.some((invoice) => invoice.stripeInvoiceId === payment.stripeInvoiceId),
    })),
    failed: await db.webhookEvent.count({ where: { tenantId, status: "failed" } }),
  };
}

describe("events rendered in another API version", () => {
  it("an acacia-shaped stream produces the same rows as the pinned-version stream", async () => {
    const current = await story();
    await setAccountVersion(ACACIA);
    const old = await story();
    try {
      await setAccountVersion(STRIPE_API_VERSION);
      const currentEvents = await eventsFor(current.customerId);
      await setAccountVersion(ACACIA);
      const oldEvents = await eventsFor(old.customerId);
      expect(currentEvents.length).toBeGreaterThan(5);
      expect(oldEvents.map((e) => e.type)).toEqual(currentEvents.map((e) => e.type));
      expect(lastPerObject(oldEvents).map((e) => e.type)).toContain("customer.subscription.updated");

      // The fixture really is the old shape, and mapping it as it is would lose the links.
      const oldInvoice = oldEvents.find((e) => e.type === "invoice.paid")?.data.object as Stripe.Invoice & { subscription?: string };
      expect(oldEvents.every((e) => e.api_version === ACACIA)).toBe(true);
      expect(oldInvoice.parent).toBeUndefined();
      expect(oldInvoice.subscription).toBe(old.subscriptionId);
      expect(invoiceFields(oldInvoice).stripeSubscriptionId).toBeNull();
      const oldSub = oldEvents.find((e) => e.type === "customer.subscription.created")?.data.object as Stripe.Subscription & { current_period_start?: number };
      expect(oldSub.current_period_start).toEqual(expect.any(Number));
      expect(oldSub.items.data[0]?.current_period_start).toBeUndefined();
      expect(subscriptionFields(oldSub).currentPeriodStart).toBeNull();

      for (const event of lastPerObject(currentEvents)) expect((await handleStripeEvent(event)).outcome, event.type).not.toBe("failed");
      for (const event of lastPerObject(oldEvents)) expect((await handleStripeEvent(event)).outcome, event.type).not.toBe("failed");

      const want = await rowsOf(current.tenantId, current.subscriptionId);
      expect(want.subscription.periodSeconds).toBeGreaterThan(27 * 86_400);
      expect(want.invoices.every((invoice) => invoice.ownSubscription)).toBe(true);
      expect(want.payments.some((payment) => payment.linkedToInvoice)).toBe(true);
      expect(await rowsOf(old.tenantId, old.subscriptionId)).toEqual(want);

      // The ledger keeps the pinned-version copy it applied, so a replay from it maps correctly too.
      const stored = await getDb().webhookEvent.findUniqueOrThrow({ where: { id: lastPerObject(oldEvents)[0]?.id ?? "" } });
      expect((stored.payload as { api_version?: string }).api_version).toBe(STRIPE_API_VERSION);
    } finally {
      await setAccountVersion(STRIPE_API_VERSION);
    }
  });

  it("gap fill reads each event's object at the pinned version, whatever the account's default", async () => {
    const since = new Date(Date.now() - 1000);
    await setAccountVersion(ACACIA);
    try {
      const filled = await story();
      const report = await fillEventGap(since);
      expect(report.outcomes.failed).toBe(0);
      expect(report.outcomes.processed).toBeGreaterThan(3);
      const row = await getDb().subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: filled.subscriptionId } });
      const { stripeCustomerId: _c, metadataTenantId: _m, ...want } = subscriptionFields(await getStripe().subscriptions.retrieve(filled.subscriptionId));
      expect(row).toMatchObject(want);
      expect(row.currentPeriodStart).not.toBeNull();
      const invoices = await getDb().invoice.findMany({ where: { tenantId: filled.tenantId } });
      expect(invoices.length).toBeGreaterThan(0);
      for (const invoice of invoices) expect(invoice.stripeSubscriptionId).toBe(filled.subscriptionId);
    } finally {
      await setAccountVersion(STRIPE_API_VERSION);
    }
  });
});
