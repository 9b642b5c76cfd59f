// The admin console's Stripe-facing use cases against the in-process emulator and a real PostgreSQL: gap fill
// from the Events API, the drift check and its repair, and the idempotent refund.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getStripe } from "@/lib/stripe/client";
import { subscriptionFields } from "@/lib/stripe/mappers";
import { uniqueEmail, uniqueSuffix } from "@/testing/test-db";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import { fillEventGap } from "./fill-event-gap";
import { reconcile } from "./reconcile";
import { refundPayment } from "./refund-payment";
import { isRetryable, retryInvoice } from "./retry-invoice";
import { payInvoice } from "@/lib/stripe/pay-invoice";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";

let emulator: StripeLocal;
let admin: AdminContext;
let since: Date;
const delivered = new Set<string>();
let tenantId: string;
let subscriptionId: string;

const deliverAll = () => deliverEmittedEvents(delivered);

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  // Before the first getStripe()/getEnv(): the gateway talks to the emulator.
  process.env.STRIPE_API_URL = emulator.url;
  process.env.LOG_LEVEL = "silent";
  since = new Date(Date.now() - 5_000);
  const stripe = getStripe();
  const suffix = uniqueSuffix();
  const product = await stripe.products.create({ name: "Admin sync" });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 4900, currency: "usd", recurring: { interval: "month" } });
  await getDb().plan.create({
    data: { key: `admin-sync-${suffix}`, name: "Admin sync", amount: 4900, interval: "month", stripePriceId: price.id },
  });
  const tenant = await getDb().tenant.create({ data: { name: `Sync ${suffix}`, slug: `sync-${suffix}` } });
  tenantId = tenant.id;
  const customer = await stripe.customers.create({ email: "sync@example.test", metadata: { tenantId } });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    default_payment_method: pm.id,
    metadata: { tenantId },
  });
  subscriptionId = subscription.id;
  await deliverAll();
  const user = await getDb().user.create({
    data: { email: uniqueEmail("admin"), name: "Test Admin", passwordHash: "x", isPlatformAdmin: true },
    select: { id: true, email: true, name: true, isPlatformAdmin: true },
  });
  admin = { user };
}, 60_000);

afterAll(async () => {
  await getDb().$disconnect();
  await emulator?.stop();
});

describe("setup", () => {
  it("has an active subscription and a paid charge from the delivered events", async () => {
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscriptionId } })).toMatchObject({ tenantId, status: "active" });
    expect(await getDb().payment.count({ where: { tenantId, status: "succeeded" } })).toBe(1);
  });
});

describe("fillEventGap", () => {
  it("restores an event's effects once its delivery and its row are gone", async () => {
    const stripe = getStripe();
    const subscriptionEvents: string[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) {
      if ((event.data.object as { id?: string }).id === subscriptionId) subscriptionEvents.push(event.id);
    }
    expect(subscriptionEvents.length).toBeGreaterThan(0);
    const want = subscriptionFields(await stripe.subscriptions.retrieve(subscriptionId));

    // As if those deliveries never arrived: no ledger entries, no subscription row.
    await getDb().webhookEvent.deleteMany({ where: { id: { in: subscriptionEvents } } });
    await getDb().subscription.delete({ where: { stripeSubscriptionId: subscriptionId } });

    const report = await fillEventGap(since);
    expect(report.missing).toBe(subscriptionEvents.length);
    expect(report.filled.map((e) => e.id).sort()).toEqual([...subscriptionEvents].sort());
    expect(report.outcomes.failed).toBe(0);
    const { stripeCustomerId: _c, metadataTenantId: _m, ...fields } = want;
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscriptionId } })).toMatchObject({ tenantId, ...fields });
    expect(await getDb().webhookEvent.count({ where: { id: { in: subscriptionEvents }, status: "processed" } })).toBe(subscriptionEvents.length);

    // Nothing is missing any more: a second run processes nothing.
    expect((await fillEventGap(since)).missing).toBe(0);
  });
});

describe("reconcile", () => {
  it("reports a hand-edited subscription, repairs it with one audit row, then finds no drift", async () => {
    const before = await getDb().subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscriptionId } });
    await getDb().subscription.update({
      where: { id: before.id },
      data: { status: "canceled", cancelAtPeriodEnd: true, quantity: 7 },
    });

    const dry = await reconcile({ repair: false });
    const ours = dry.drifts.filter((d) => d.tenantId === tenantId);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ kind: "subscription", stripeId: subscriptionId, problem: "mismatch", repaired: false });
    expect(ours[0]!.diffs).toEqual(
      expect.arrayContaining([
        { field: "status", ours: "canceled", stripe: "active" },
        { field: "cancelAtPeriodEnd", ours: true, stripe: false },
        { field: "quantity", ours: 7, stripe: 1 },
      ]),
    );
    expect(dry.checked.subscription).toBeGreaterThan(0);
    expect(dry.checked.invoice).toBeGreaterThan(0);
    expect(dry.checked.charge).toBeGreaterThan(0);
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: before.id } })).status).toBe("canceled");

    const fixed = await reconcile({ repair: true, actor: `admin:${admin.user.id}` });
    expect(fixed.drifts.filter((d) => d.tenantId === tenantId)).toEqual([expect.objectContaining({ stripeId: subscriptionId, repaired: true })]);
    expect(await getDb().subscription.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: false,
      quantity: 1,
    });
    const audit = await getDb().auditLog.findMany({ where: { tenantId, action: "reconcile.subscription_repaired" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: `admin:${admin.user.id}`,
      before: expect.objectContaining({ stripeId: subscriptionId, status: "canceled" }),
      after: expect.objectContaining({ stripeId: subscriptionId, status: "active" }),
    });

    const again = await reconcile({ repair: false });
    expect(again.drifts.filter((d) => d.tenantId === tenantId)).toEqual([]);
  });
});

describe("reconcile through the record modules", () => {
  it("recreates a missing invoice row under its tenant with one audit row, and never writes over a newer event's state", async () => {
    const invoice = await getDb().invoice.findFirstOrThrow({ where: { tenantId, stripeSubscriptionId: subscriptionId } });
    // Audit rows reference the tenant, not the invoice: the row can go.
    await getDb().invoice.delete({ where: { id: invoice.id } });
    const fixed = await reconcile({ repair: true, actor: `admin:${admin.user.id}` });
    expect(fixed.drifts.filter((d) => d.tenantId === tenantId)).toEqual([
      expect.objectContaining({ kind: "invoice", stripeId: invoice.stripeInvoiceId, problem: "missing_locally", repaired: true }),
    ]);
    const recreated = await getDb().invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.stripeInvoiceId } });
    expect(recreated).toMatchObject({ tenantId, status: invoice.status, amountPaid: invoice.amountPaid, lastEventId: `reconcile:${fixed.runId}` });
    expect(await getDb().auditLog.count({ where: { tenantId, action: "reconcile.invoice_created" } })).toBe(1);

    // A row stamped by an event newer than the run's start is the truth: reported, not repaired.
    const future = Math.floor(Date.now() / 1000) + 3600;
    await getDb().invoice.update({ where: { id: recreated.id }, data: { amountPaid: 1, lastEventCreated: future, lastEventId: "evt_newer" } });
    const guarded = await reconcile({ repair: true });
    expect(guarded.drifts.filter((d) => d.tenantId === tenantId)).toEqual([
      expect.objectContaining({ kind: "invoice", problem: "mismatch", repaired: false }),
    ]);
    expect(await getDb().invoice.findUniqueOrThrow({ where: { id: recreated.id } })).toMatchObject({ amountPaid: 1, lastEventId: "evt_newer" });
    await getDb().invoice.update({ where: { id: recreated.id }, data: { amountPaid: invoice.amountPaid, lastEventCreated: invoice.lastEventCreated, lastEventId: invoice.lastEventId } });
  });
});

describe("refundPayment", () => {
  it("is one refund per request id (another amount under the same id is refused), and the row updates when charge.refunded arrives", async () => {
    const payment = await getDb().payment.findFirstOrThrow({ where: { tenantId, status: "succeeded" } });
    const input = { paymentId: payment.id, amount: 500, reason: "partial goodwill", requestId: "req-aaaaaaaa" };
    const first = await refundPayment(input, admin);
    const second = await refundPayment(input, admin);
    expect(second.stripeRefundId).toBe(first.stripeRefundId);
    // The same request with another amount (an admin edits the amount and retries after a lost answer) is not a
    // second refund: the first may already have gone through.
    await expect(refundPayment({ ...input, amount: 700 }, admin)).rejects.toMatchObject({ code: "conflict" } satisfies Partial<AppError>);
    const refunds = await getStripe().refunds.list({ charge: payment.stripeChargeId });
    expect(refunds.data.map((r) => r.id)).toEqual([first.stripeRefundId]);
    expect(await getDb().auditLog.count({ where: { tenantId, action: "admin.refund" } })).toBe(1);
    // Only webhooks write billing state: nothing changed yet.
    expect((await getDb().payment.findUniqueOrThrow({ where: { id: payment.id } })).amountRefunded).toBe(0);

    // A new click (new request id) is a new refund.
    const third = await refundPayment({ ...input, requestId: "req-bbbbbbbb" }, admin);
    expect(third.stripeRefundId).not.toBe(first.stripeRefundId);

    await deliverAll();
    expect(await getDb().payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ amountRefunded: 1000, refunded: false });
    expect(await getDb().refund.count({ where: { stripeChargeId: payment.stripeChargeId } })).toBe(2);

    await expect(refundPayment({ ...input, amount: payment.amount, requestId: "req-cccccccc" }, admin)).rejects.toMatchObject({
      code: "invalid_input",
    } satisfies Partial<AppError>);
  });
});

describe("retryInvoice", () => {
  it("refuses the open invoice of a subscription that never went live, and Stripe's no-card refusal reads as such", async () => {
    const stripe = getStripe();
    const suffix = uniqueSuffix();
    const tenant = await getDb().tenant.create({ data: { name: `Retry ${suffix}`, slug: `retry-${suffix}` } });
    const customer = await stripe.customers.create({ email: "retry@example.test", metadata: { tenantId: tenant.id } });
    const plan = await getDb().plan.findFirstOrThrow({ where: { key: { startsWith: "admin-sync-" } } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: plan.stripePriceId as string }],
      payment_behavior: "default_incomplete",
      metadata: { tenantId: tenant.id },
    });
    await deliverAll();
    const invoice = await getDb().invoice.findFirstOrThrow({ where: { stripeSubscriptionId: sub.id } });
    expect(invoice.status).toBe("open");
    expect(await isRetryable(sub.id)).toBe(false);
    await expect(retryInvoice({ invoiceId: invoice.id, requestId: "req-retry-1" }, admin)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/no longer live/),
    });
    // Paid directly, Stripe refuses: no card on file. Said so, never "something went wrong".
    await expect(stripeCall(() => payInvoice(invoice.stripeInvoiceId, `test-${suffix}`))).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/no card on file/),
    });
  });
});
