// Issue #12 finding 11, through the real route and database: the ledger stores payloads of handled types only,
// redacted (no personal data, no card details) and capped, keeps the invoice number, and the retention job drops
// old payloads while the rows keep exactly-once.
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { WEBHOOK_OUTCOME_HEADER } from "@/lib/webhooks/handle-stripe-event";
import { dropExpiredPayloads } from "@/lib/webhooks/payload-retention";
import { eventOf, invoiceObject, subscriptionObject } from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";

afterAll(async () => {
  await getDb().$disconnect();
});

async function deliver(event: unknown): Promise<string | null> {
  const res = await POST(signedRequest(JSON.stringify(event)));
  expect(res.status).toBe(200);
  return res.headers.get(WEBHOOK_OUTCOME_HEADER);
}

const ledger = (id: string) => getDb().webhookEvent.findUnique({ where: { id } });

async function tenant() {
  return getDb().tenant.create({ data: { name: "Ledger", slug: uniqueId("ledger"), stripeCustomerId: uniqueId("cus") } });
}

describe("webhook ledger payloads", () => {
  it("keeps no payload for an ignored type, not even a signed 1 MB one", async () => {
    const event = eventOf("customer.updated", {
      id: uniqueId("cus"),
      object: "customer",
      email: "ada@example.test",
      name: "Ada Lovelace",
      description: "x".repeat(1024 * 1024 - 1000),
    } as unknown as Stripe.Customer);
    expect(await deliver(event)).toBe("ignored");
    const row = await ledger(event.id);
    expect(row).toMatchObject({ status: "ignored", payload: null });
  });

  it("stores a handled event redacted: no email, name or card details; the invoice number kept", async () => {
    const { stripeCustomerId } = await tenant();
    const invoice = {
      ...invoiceObject({ customer: stripeCustomerId!, status: "paid" }),
      number: "AAB-0777",
      customer_email: "ada@example.test",
      customer_name: "Ada Lovelace",
      customer_address: { line1: "12 Analytical Row", city: "London", country: "GB" },
    } as unknown as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    expect(await deliver(event)).toBe("processed");
    const stored = JSON.stringify((await ledger(event.id))?.payload);
    expect(stored).toContain('"number":"AAB-0777"');
    for (const personal of ["ada@example.test", "Ada Lovelace", "Analytical Row"]) expect(stored).not.toContain(personal);
  });

  it("caps a handled event's stored copy", async () => {
    const { stripeCustomerId } = await tenant();
    const subscription = { ...subscriptionObject({ customer: stripeCustomerId!, status: "active" }), description: "y".repeat(900 * 1024) };
    const event = eventOf("customer.subscription.created", subscription as Stripe.Subscription);
    expect(await deliver(event)).toBe("processed");
    const row = await ledger(event.id);
    expect(Buffer.byteLength(JSON.stringify(row?.payload))).toBeLessThan(4096);
    expect(row?.payload).toMatchObject({ truncated: true, id: event.id });
  });

  it("retention drops old settled payloads, keeps rows (duplicates stay duplicates) and the ones still to apply", async () => {
    const { stripeCustomerId } = await tenant();
    const old = eventOf("customer.subscription.created", subscriptionObject({ customer: stripeCustomerId!, status: "active" }));
    const recent = eventOf("invoice.paid", invoiceObject({ customer: stripeCustomerId!, status: "paid" }));
    const parked = eventOf("customer.subscription.created", subscriptionObject({ customer: stripeCustomerId!, status: "active", tenantId: uniqueId("t") }));
    expect(await deliver(old)).toBe("processed");
    expect(await deliver(recent)).toBe("processed");
    expect(await deliver(parked)).toBe("conflict");
    const longAgo = new Date(Date.now() - 91 * 86_400_000);
    await getDb().webhookEvent.updateMany({ where: { id: { in: [old.id, parked.id] } }, data: { receivedAt: longAgo } });
    await getDb().webhookEvent.updateMany({ where: { id: old.id }, data: { status: "processed" } });
    // A parked conflict is settled too; an unmatched one keeps its payload (it is applied from it).
    const unmatched = eventOf("customer.subscription.created", subscriptionObject({ customer: uniqueId("cus"), status: "active", tenantId: uniqueId("t") }));
    expect(await deliver(unmatched)).toBe("unmatched");
    await getDb().webhookEvent.updateMany({ where: { id: unmatched.id }, data: { receivedAt: longAgo } });

    expect(await dropExpiredPayloads({ days: 90 })).toBeGreaterThanOrEqual(2);
    expect(await ledger(old.id)).toMatchObject({ status: "processed", payload: null });
    expect(await ledger(parked.id)).toMatchObject({ status: "conflict", payload: null });
    expect((await ledger(recent.id))?.payload).not.toBeNull();
    expect((await ledger(unmatched.id))?.payload).not.toBeNull();
    // The row still answers a redelivery: applied once.
    expect(await deliver(old)).toBe("duplicate");
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${old.id}` } })).toBe(1);
  });
});
