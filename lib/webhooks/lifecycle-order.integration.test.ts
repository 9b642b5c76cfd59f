// Order-proofness: a subscription's whole lifecycle, delivered in many seeded shuffles (with duplicates and some
// concurrency), always ends in the same rows, equal to the last state Stripe reported.
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { eventOf, invoiceObject, subscriptionObject } from "@/testing/webhooks/fixtures";
import { seededShuffle } from "@/testing/webhooks/seeded-shuffle";
import { createPrng } from "@asset-anchor/stripe-local/prng";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";

afterAll(async () => {
  await getDb().$disconnect();
});

/** Subscribe → pay → renew → renewal fails → recovers → cancel at period end → deleted, one second apart. */
function lifecycle(customer: string): Stripe.Event[] {
  const sub = uniqueId("sub");
  const first = uniqueId("in");
  const renewal = uniqueId("in");
  const t = 1_790_000_000;
  const p1 = t;
  const p2 = t + 30 * 86400;
  const s = (status: string, extra: Partial<Parameters<typeof subscriptionObject>[0]> = {}) =>
    subscriptionObject({ id: sub, customer, status, periodStart: p1, ...extra });
  return [
    eventOf("customer.subscription.created", s("incomplete"), { created: t }),
    eventOf("invoice.finalized", invoiceObject({ id: first, customer, subscription: sub, status: "open", created: t }), { created: t + 1 }),
    eventOf("invoice.paid", invoiceObject({ id: first, customer, subscription: sub, status: "paid", created: t }), { created: t + 2 }),
    eventOf("invoice.payment_succeeded", invoiceObject({ id: first, customer, subscription: sub, status: "paid", created: t }), { created: t + 3 }),
    eventOf("customer.subscription.updated", s("active"), { created: t + 4 }),
    eventOf("customer.subscription.updated", s("active", { periodStart: p2 }), { created: p2 }),
    eventOf("invoice.finalized", invoiceObject({ id: renewal, customer, subscription: sub, status: "open", created: p2 }), { created: p2 + 1 }),
    eventOf("invoice.payment_failed", invoiceObject({ id: renewal, customer, subscription: sub, status: "open", created: p2 }), { created: p2 + 2 }),
    eventOf("customer.subscription.updated", s("past_due", { periodStart: p2 }), { created: p2 + 3 }),
    eventOf("invoice.paid", invoiceObject({ id: renewal, customer, subscription: sub, status: "paid", created: p2 }), { created: p2 + 4 }),
    eventOf("customer.subscription.updated", s("active", { periodStart: p2 }), { created: p2 + 5 }),
    eventOf("customer.subscription.updated", s("active", { periodStart: p2, cancelAtPeriodEnd: true }), { created: p2 + 6 }),
    eventOf(
      "customer.subscription.deleted",
      s("canceled", { periodStart: p2, cancelAtPeriodEnd: true, canceledAt: p2 + 6, endedAt: p2 + 30 * 86400 }),
      { created: p2 + 30 * 86400 },
    ),
  ];
}

async function finalRows(tenantId: string) {
  const subscriptions = await getDb().subscription.findMany({
    where: { tenantId },
    select: {
      status: true,
      currentPeriodStart: true,
      currentPeriodEnd: true,
      cancelAtPeriodEnd: true,
      canceledAt: true,
      endedAt: true,
      lastEventCreated: true,
    },
  });
  const invoices = await getDb().invoice.findMany({
    where: { tenantId },
    select: { status: true, amountPaid: true, lastEventCreated: true },
    orderBy: { stripeCreatedAt: "asc" },
  });
  return { subscriptions, invoices };
}

describe("a subscription lifecycle in any order", () => {
  it("ends in the same rows, equal to the last state, in 60 seeded shuffles with duplicates", async () => {
    const random = createPrng(20261129);
    let reference: Awaited<ReturnType<typeof finalRows>> | undefined;
    for (let order = 0; order < 60; order += 1) {
      const customer = uniqueId("cus");
      const tenant = await getDb().tenant.create({ data: { name: `Order ${order}`, slug: uniqueId("order"), stripeCustomerId: customer } });
      const events = lifecycle(customer);
      const bodies = events.map((event) => JSON.stringify(event));
      // Some events arrive twice, as Stripe may deliver them.
      const deliveries = seededShuffle([...bodies, ...bodies.filter(() => random() < 0.25)], random);
      if (order % 3 === 0) {
        // Every third order arrives in concurrent pairs, as several app instances would see it.
        for (let i = 0; i < deliveries.length; i += 2) {
          const batch = deliveries.slice(i, i + 2).map((body) => POST(signedRequest(body)));
          for (const res of await Promise.all(batch)) expect(res.status).toBe(200);
        }
      } else {
        for (const body of deliveries) expect((await POST(signedRequest(body))).status).toBe(200);
      }

      const rows = await finalRows(tenant.id);
      reference ??= rows;
      expect(rows, `order ${order}`).toEqual(reference);
      const audits = await getDb().auditLog.count({ where: { tenantId: tenant.id } });
      expect(audits, `order ${order}: at most one audit row per event`).toBeLessThanOrEqual(events.length);
    }
    const last = lifecycle("cus_x").at(-1) as Extract<Stripe.Event, { type: "customer.subscription.deleted" }>;
    expect(reference?.subscriptions).toEqual([
      {
        status: "canceled",
        currentPeriodStart: new Date(1_792_592_000 * 1000),
        currentPeriodEnd: new Date((1_792_592_000 + 30 * 86400) * 1000),
        cancelAtPeriodEnd: true,
        canceledAt: new Date((1_792_592_000 + 6) * 1000),
        endedAt: new Date((1_792_592_000 + 30 * 86400) * 1000),
        lastEventCreated: BigInt(last.created),
      },
    ]);
    expect(reference?.invoices.map((invoice) => invoice.status)).toEqual(["paid", "paid"]);
  }, 240_000);
});
