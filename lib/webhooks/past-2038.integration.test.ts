// Stripe timestamps past 2^31 seconds (19 January 2038) go through every writer and reader exactly: the one-statement
// fast path (pg on the pool), the transactional path (Prisma), the version guard's comparisons and the admin reads.
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getTenantDetailOrThrow } from "@/lib/admin/get-tenant-detail";
import { listWebhookEvents } from "@/lib/admin/list-webhook-events";
import { getDb } from "@/lib/db/client";
import { WEBHOOK_OUTCOME_HEADER } from "@/lib/webhooks/handle-stripe-event";
import { chargeObject, eventOf, invoiceObject, refundObject, subscriptionObject } from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";

afterAll(async () => {
  await getDb().$disconnect();
});

const INT4_MAX = 2 ** 31 - 1;
// 2039-09-18, and a period that ends on 1 June 2040.
const CREATED = 2_200_000_000;
const PERIOD_END = Date.UTC(2040, 5, 1) / 1000;

async function deliver(event: Stripe.Event): Promise<string | undefined> {
  const res = await POST(signedRequest(JSON.stringify(event)));
  expect(res.status).toBe(200);
  return res.headers.get(WEBHOOK_OUTCOME_HEADER) ?? undefined;
}

describe("Stripe timestamps after 2038", () => {
  it("stores and reads back a subscription, its events and the ledger exactly; the version guard still orders them", async () => {
    expect(CREATED).toBeGreaterThan(INT4_MAX);
    const customer = uniqueId("cus");
    const tenant = await getDb().tenant.create({ data: { name: "Future", slug: uniqueId("future"), stripeCustomerId: customer } });
    const price = uniqueId("price");
    await getDb().plan.create({ data: { key: uniqueId("p"), name: "Future", amount: 2000, interval: "month", stripePriceId: price } });
    const subscription = subscriptionObject({ customer, status: "active", price, periodStart: CREATED, periodEnd: PERIOD_END });

    const created = eventOf("customer.subscription.created", subscription, { created: CREATED });
    expect(await deliver(created)).toBe("processed");
    // A newer event, then an older one that arrives late: the newer state stays (bigint comparisons past int4).
    const pastDue = eventOf("customer.subscription.updated", { ...subscription, status: "past_due" } as Stripe.Subscription, { created: CREATED + 20 });
    const lateActive = eventOf("customer.subscription.updated", { ...subscription, status: "active" } as Stripe.Subscription, { created: CREATED + 10 });
    expect(await deliver(pastDue)).toBe("processed");
    expect(await deliver(lateActive)).toBe("processed");
    // The same event again is a duplicate, decided from the stored version.
    expect(await deliver(pastDue)).toBe("duplicate");

    const row = await getDb().subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscription.id } });
    expect(row).toMatchObject({
      status: "past_due",
      currentPeriodStart: new Date(CREATED * 1000),
      currentPeriodEnd: new Date(PERIOD_END * 1000),
      lastEventCreated: BigInt(CREATED + 20),
      lastEventId: pastDue.id,
    });
    expect(row.currentPeriodEnd?.toISOString()).toBe("2040-06-01T00:00:00.000Z");

    const ledger = await getDb().webhookEvent.findUniqueOrThrow({ where: { id: created.id } });
    expect(ledger.stripeCreated).toBe(BigInt(CREATED));
    const listed = await listWebhookEvents({ tenant: tenant.id });
    expect(listed.rows.map((e) => e.stripeCreated).sort()).toEqual([CREATED, CREATED + 10, CREATED + 20]);

    // The admin summary (kept by triggers) renews in 2040; the tenant page reads it.
    const detail = await getTenantDetailOrThrow(tenant.id);
    expect(detail.summary).toMatchObject({ status: "past_due", mrr: 2000, currentPeriodEnd: new Date(PERIOD_END * 1000) });
  });

  it("stores invoices, payments and refunds dated after 2038 through both write paths", async () => {
    const customer = uniqueId("cus");
    const tenant = await getDb().tenant.create({ data: { name: "Future 2", slug: uniqueId("future"), stripeCustomerId: customer } });
    const invoice = invoiceObject({ customer, status: "paid", created: CREATED });
    expect(await deliver(eventOf("invoice.paid", invoice, { created: CREATED + 1 }))).toBe("processed");
    const charge = chargeObject({ customer, created: CREATED });
    expect(await deliver(eventOf("charge.succeeded", charge, { created: CREATED + 2 }))).toBe("processed");
    // charge.refunded takes the handler's transaction (Prisma), with a refund created after 2038 too.
    const refund = refundObject(charge.id, 500, CREATED + 100);
    const refunded = { ...charge, amount_refunded: 500, refunds: { object: "list", data: [refund], has_more: false, url: "" } };
    expect(await deliver(eventOf("charge.refunded", refunded as unknown as Stripe.Charge, { created: CREATED + 100 }))).toBe("processed");

    const stored = await getDb().invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect(stored).toMatchObject({ tenantId: tenant.id, stripeCreatedAt: new Date(CREATED * 1000), paidAt: new Date(CREATED * 1000), lastEventCreated: BigInt(CREATED + 1) });
    const payment = await getDb().payment.findUniqueOrThrow({ where: { stripeChargeId: charge.id } });
    expect(payment).toMatchObject({ stripeCreatedAt: new Date(CREATED * 1000), amountRefunded: 500, lastEventCreated: BigInt(CREATED + 100) });
    const storedRefund = await getDb().refund.findUniqueOrThrow({ where: { stripeRefundId: refund.id } });
    expect(storedRefund).toMatchObject({ amount: 500, stripeCreatedAt: new Date((CREATED + 100) * 1000), lastEventCreated: BigInt(CREATED + 100) });
  });

  it("keeps a card from an event after 2038 (the raw upsert's version guard)", async () => {
    const customer = uniqueId("cus");
    const tenant = await getDb().tenant.create({ data: { name: "Future 3", slug: uniqueId("future"), stripeCustomerId: customer } });
    const card = (last4: string) =>
      ({ id: uniqueId("pm"), object: "payment_method", type: "card", customer, metadata: {}, card: { brand: "visa", last4, exp_month: 1, exp_year: 2041 } }) as unknown as Stripe.PaymentMethod;
    expect(await deliver(eventOf("payment_method.attached", card("4242"), { created: CREATED + 50 }))).toBe("processed");
    expect(await deliver(eventOf("payment_method.attached", card("1111"), { created: CREATED + 40 }))).toBe("processed");
    const stored = await getDb().paymentMethod.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(stored).toMatchObject({ last4: "4242", expYear: 2041, lastEventCreated: BigInt(CREATED + 50) });
  });
});
