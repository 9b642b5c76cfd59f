// One live subscription per tenant, against the in-process emulator and a real PostgreSQL: the drift check
// reports a tenant Stripe holds two live subscriptions for; the webhook handling cancels the newer one at once,
// refunds its charge in full exactly once and audits it; and a subscription going live closes the tenant's other
// open attempts (Checkout Session expired, incomplete subscription cancelled with its invoice voided).
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { reconcile } from "@/lib/admin/reconcile";
import { uniqueSuffix } from "@/testing/test-db";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import { closeAbandonedCheckouts } from "./close-abandoned-checkouts";
import { enforceOneLiveSubscription } from "./enforce-one-live-subscription";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";

let emulator: StripeLocal;
let priceId: string;
const delivered = new Set<string>();

const deliverAll = () => deliverEmittedEvents(delivered);

async function tenantWithCustomer(name: string) {
  const suffix = uniqueSuffix();
  const customer = await getStripe().customers.create({ email: `${suffix}@example.test`, name });
  const tenant = await getDb().tenant.create({ data: { name, slug: `one-live-${suffix}`, stripeCustomerId: customer.id } });
  await getStripe().customers.update(customer.id, { metadata: { tenantId: tenant.id } });
  return { tenantId: tenant.id, customerId: customer.id };
}

async function paidSubscription(customerId: string, tenantId: string): Promise<Stripe.Subscription> {
  const pm = await getStripe().paymentMethods.attach("pm_card_visa", { customer: customerId });
  return getStripe().subscriptions.create({ customer: customerId, items: [{ price: priceId }], default_payment_method: pm.id, metadata: { tenantId } });
}

async function chargesOf(sub: Stripe.Subscription): Promise<Stripe.Charge[]> {
  const charges: Stripe.Charge[] = [];
  for await (const invoice of getStripe().invoices.list({ subscription: sub.id, limit: 100 })) {
    for await (const payment of getStripe().invoicePayments.list({ invoice: invoice.id, limit: 100 })) {
      const pi = payment.payment.payment_intent;
      const pid = typeof pi === "string" ? pi : pi?.id;
      if (!pid) continue;
      const intent = await getStripe().paymentIntents.retrieve(pid);
      const chargeId = typeof intent.latest_charge === "string" ? intent.latest_charge : intent.latest_charge?.id;
      if (chargeId) charges.push(await getStripe().charges.retrieve(chargeId));
    }
  }
  return charges;
}

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  // Before the first getStripe()/getEnv(): the gateway talks to the emulator.
  process.env.STRIPE_API_URL = emulator.url;
  process.env.LOG_LEVEL = "silent";
  const stripe = getStripe();
  const suffix = uniqueSuffix();
  const product = await stripe.products.create({ name: "One live" });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: "usd", recurring: { interval: "month" } });
  priceId = price.id;
  await getDb().plan.create({ data: { key: `one-live-${suffix}`, name: "One live", amount: 1900, interval: "month", stripePriceId: price.id } });
}, 60_000);

afterAll(async () => {
  await getDb().$disconnect();
  await emulator?.stop();
});

describe("a second live subscription (a race inside Stripe)", () => {
  let tenantId: string;
  let customerId: string;
  let first: Stripe.Subscription;
  let second: Stripe.Subscription;

  beforeAll(async () => {
    ({ tenantId, customerId } = await tenantWithCustomer("Twice Paid"));
    first = await paidSubscription(customerId, tenantId);
    // Stripe's created has one-second resolution: make the order unambiguous.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    second = await paidSubscription(customerId, tenantId);
    expect([first.status, second.status]).toEqual(["active", "active"]);
  });

  it("is reported by the drift check before anything handled it", async () => {
    const report = await reconcile({ repair: false });
    const ours = report.drifts.filter((d) => d.tenantId === tenantId && d.problem === "multiple_live_subscriptions");
    expect(ours).toEqual([
      expect.objectContaining({
        kind: "subscription",
        stripeId: customerId,
        diffs: [{ field: "live subscriptions", ours: null, stripe: [first.id, second.id].sort().join(", ") }],
      }),
    ]);
  });

  it("is cancelled by the webhook handling, its charge refunded in full once, and audited", async () => {
    await deliverAll();
    expect((await getStripe().subscriptions.retrieve(first.id)).status).toBe("active");
    expect((await getStripe().subscriptions.retrieve(second.id)).status).toBe("canceled");

    const [secondCharge, ...more] = await chargesOf(second);
    expect(more).toEqual([]);
    expect(secondCharge).toMatchObject({ amount: 1900, amount_refunded: 1900, refunded: true });
    const [firstCharge] = await chargesOf(first);
    expect(firstCharge).toMatchObject({ amount: 1900, amount_refunded: 0 });

    const audits = await getDb().auditLog.findMany({ where: { tenantId, action: "subscription.duplicate_canceled" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      before: expect.objectContaining({ subscriptionId: second.id, keptSubscriptionId: first.id }),
      after: expect.objectContaining({ subscriptionId: second.id, status: "canceled", refunds: [expect.objectContaining({ amount: 1900 })] }),
    });

    // The cancel and refund send events of their own, and a run may repeat: nothing happens twice.
    await deliverAll();
    expect(await enforceOneLiveSubscription(customerId)).toMatchObject({ kept: first.id, duplicates: [] });
    expect((await getStripe().refunds.list({ charge: secondCharge!.id })).data).toHaveLength(1);
    expect(await getDb().auditLog.count({ where: { tenantId, action: "subscription.duplicate_canceled" } })).toBe(1);

    // Net one charge, and the drift check is quiet again.
    const charged = [...(await chargesOf(first)), ...(await chargesOf(second))].reduce((sum, c) => sum + c.amount - c.amount_refunded, 0);
    expect(charged).toBe(1900);
    const report = await reconcile({ repair: false });
    expect(report.drifts.filter((d) => d.tenantId === tenantId && d.problem === "multiple_live_subscriptions")).toEqual([]);
  });
});

describe("a subscription going live", () => {
  it("closes the tenant's other attempts: the open Checkout Session and the incomplete subscription", async () => {
    const { tenantId, customerId } = await tenantWithCustomer("Other Tab");
    const stripe = getStripe();
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customerId,
      client_reference_id: tenantId,
      line_items: [{ price: priceId, quantity: 1 }],
      success_url: "http://127.0.0.1/return?session_id={CHECKOUT_SESSION_ID}",
    });
    const incomplete = await stripe.subscriptions.create({ customer: customerId, items: [{ price: priceId }], payment_behavior: "default_incomplete" });
    expect(incomplete.status).toBe("incomplete");
    await deliverAll();
    // An attempt alone is not closed: the tenant may still pay it.
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.subscriptions.retrieve(incomplete.id)).status).toBe("incomplete");

    const live = await paidSubscription(customerId, tenantId);
    await deliverAll();
    expect((await stripe.subscriptions.retrieve(live.id)).status).toBe("active");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
    const closed = await stripe.subscriptions.retrieve(incomplete.id);
    expect(closed.status).toBe("canceled");
    const invoiceId = typeof closed.latest_invoice === "string" ? closed.latest_invoice : closed.latest_invoice?.id;
    expect((await stripe.invoices.retrieve(invoiceId!)).status).toBe("void");
  });
});

describe("closeAbandonedCheckouts (npm run billing:close-abandoned)", () => {
  it("keeps a recent declined attempt for the next try, and cancels it (invoice voided) once it is older than the cut-off", async () => {
    const { customerId } = await tenantWithCustomer("Gave Up");
    const stripe = getStripe();
    const leftover = await stripe.subscriptions.create({ customer: customerId, items: [{ price: priceId }], payment_behavior: "default_incomplete" });
    await closeAbandonedCheckouts({ olderThanSeconds: 3600 });
    expect((await stripe.subscriptions.retrieve(leftover.id)).status).toBe("incomplete");

    const swept = await closeAbandonedCheckouts({ olderThanSeconds: 0 });
    expect(swept.canceledSubscriptions).toContain(leftover.id);
    const closed = await stripe.subscriptions.retrieve(leftover.id);
    expect(closed.status).toBe("canceled");
    const invoiceId = typeof closed.latest_invoice === "string" ? closed.latest_invoice : closed.latest_invoice?.id;
    expect((await stripe.invoices.retrieve(invoiceId!)).status).toBe("void");
    // A second sweep has nothing left to do for this customer.
    expect((await closeAbandonedCheckouts({ olderThanSeconds: 0 })).canceledSubscriptions).not.toContain(leftover.id);
  });

  it("the hourly sweep asks Stripe only about tenants with an unpaid attempt on record, and closes theirs", async () => {
    const stripe = getStripe();
    const recorded = await tenantWithCustomer("Recorded Attempt");
    const unrecorded = await tenantWithCustomer("Unrecorded Attempt");
    const attempt = await stripe.subscriptions.create({ customer: recorded.customerId, items: [{ price: priceId }], payment_behavior: "default_incomplete" });
    const unseen = await stripe.subscriptions.create({ customer: unrecorded.customerId, items: [{ price: priceId }], payment_behavior: "default_incomplete" });
    // What the webhook for the first attempt leaves in our database.
    await getDb().subscription.create({
      data: { tenantId: recorded.tenantId, stripeSubscriptionId: attempt.id, status: "incomplete", createdAt: new Date(Date.now() - 7200_000) },
    });
    const swept = await closeAbandonedCheckouts({ olderThanSeconds: 0, onlyWithIncompleteRows: true });
    expect(swept.canceledSubscriptions).toContain(attempt.id);
    expect(swept.canceledSubscriptions).not.toContain(unseen.id);
    expect((await stripe.subscriptions.retrieve(attempt.id)).status).toBe("canceled");
    expect((await stripe.subscriptions.retrieve(unseen.id)).status).toBe("incomplete");
  });
});
