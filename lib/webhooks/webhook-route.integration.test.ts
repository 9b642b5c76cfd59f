// The real route handler (app/api/webhooks/stripe/route.ts), the real database and the SDK's own signing. Lives
// in lib/ because app/ may not import the database client (ESLint layers), and these assertions read rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { WEBHOOK_OUTCOME_HEADER } from "@/lib/webhooks/handle-stripe-event";
import { getWebhookRejections } from "@/lib/webhooks/rejection-counter";
import { eventOf, subscriptionObject } from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { POST } from "@/app/api/webhooks/stripe/route";

const previousSecret = "whsec_previoussecretbeingrolled0000000";

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS ||= previousSecret;
});
afterAll(async () => {
  await getDb().$disconnect();
});

async function ledgerRow(id: string) {
  return getDb().webhookEvent.findUnique({ where: { id } });
}

async function createTenant() {
  const customer = uniqueId("cus");
  const tenant = await getDb().tenant.create({ data: { name: "Acme", slug: uniqueId("acme"), stripeCustomerId: customer } });
  return { tenantId: tenant.id, customer };
}

function subscriptionEvent(customer: string, status = "active", options: { id?: string; created?: number } = {}) {
  return eventOf("customer.subscription.updated", subscriptionObject({ customer, status }), options);
}

describe("POST /api/webhooks/stripe: verification", () => {
  it("answers 400 and writes nothing without a Stripe-Signature header", async () => {
    const event = eventOf("customer.created", { id: uniqueId("cus"), object: "customer" } as never);
    const res = await POST(signedRequest(JSON.stringify(event), { signature: null }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/signature/i) });
    expect(await ledgerRow(event.id)).toBeNull();
  });

  it("answers 400 and writes nothing for a signature made with another secret", async () => {
    const { customer } = await createTenant();
    const event = subscriptionEvent(customer);
    const rejectedBefore = getWebhookRejections().byReason["Invalid signature"] ?? 0;
    const res = await POST(signedRequest(JSON.stringify(event), { secret: "whsec_someoneelse000000000000000000" }));
    expect(res.status).toBe(400);
    // Counted for the admin console's webhook health, since nothing reaches the ledger.
    expect(getWebhookRejections().byReason["Invalid signature"]).toBe(rejectedBefore + 1);
    expect(await ledgerRow(event.id)).toBeNull();
    expect(await getDb().subscription.count({ where: { stripeSubscriptionId: event.data.object.id } })).toBe(0);
  });

  it("answers 400 for a body altered after signing", async () => {
    const { customer } = await createTenant();
    const event = subscriptionEvent(customer);
    const signed = signedRequest(JSON.stringify(event));
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: JSON.stringify({ ...event, type: "customer.subscription.deleted" }),
    });
    expect((await POST(tampered)).status).toBe(400);
    expect(await ledgerRow(event.id)).toBeNull();
  });

  it("answers 400 for a timestamp older than 300 s", async () => {
    const { customer } = await createTenant();
    const event = subscriptionEvent(customer);
    const res = await POST(signedRequest(JSON.stringify(event), { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(res.status).toBe(400);
    expect(await ledgerRow(event.id)).toBeNull();
  });

  it("answers 400 for malformed JSON with a valid signature", async () => {
    const res = await POST(signedRequest('{"id":"evt_broken","type":'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Malformed JSON payload" });
    const notAnEvent = await POST(signedRequest(JSON.stringify({ hello: "world" })));
    expect(notAnEvent.status).toBe(400);
    expect(await ledgerRow("evt_broken")).toBeNull();
  });

  it("answers 413 for a 2 MiB body, declared or not", async () => {
    const big = JSON.stringify({ id: "evt_big", padding: "x".repeat(2 * 1024 * 1024) });
    const declared = await POST(signedRequest(big, { headers: { "content-length": String(big.length) } }));
    expect(declared.status).toBe(413);
    const undeclared = await POST(signedRequest(big));
    expect(undeclared.status).toBe(413);
    expect(await ledgerRow("evt_big")).toBeNull();
  });

  it("accepts the previous secret while a secret is being rolled", async () => {
    const { customer } = await createTenant();
    const event = subscriptionEvent(customer);
    const secret = process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS ?? previousSecret;
    const res = await POST(signedRequest(JSON.stringify(event), { secret }));
    expect(res.status).toBe(200);
    expect((await ledgerRow(event.id))?.status).toBe("processed");
  });
});

describe("POST /api/webhooks/stripe: dispatch", () => {
  it("acknowledges an event type it does not handle with 200 and records it as ignored, once", async () => {
    const event = eventOf("customer.created", { id: uniqueId("cus"), object: "customer" } as never);
    const body = JSON.stringify(event);
    const res = await POST(signedRequest(body));
    expect(res.status).toBe(200);
    expect(res.headers.get(WEBHOOK_OUTCOME_HEADER)).toBe("ignored");
    expect(await res.text()).toBe("");
    expect((await POST(signedRequest(body))).status).toBe(200);
    const row = await ledgerRow(event.id);
    expect(row).toMatchObject({ status: "ignored", type: "customer.created", attempts: 1 });
  });

  it("applies the same event delivered 10 times at once exactly once", async () => {
    const { tenantId, customer } = await createTenant();
    const event = eventOf("customer.subscription.created", subscriptionObject({ customer, status: "active" }));
    const body = JSON.stringify(event);
    const responses = await Promise.all(Array.from({ length: 10 }, () => POST(signedRequest(body))));
    expect(responses.map((res) => res.status)).toEqual(Array(10).fill(200));
    const outcomes = responses.map((res) => res.headers.get(WEBHOOK_OUTCOME_HEADER));
    expect(outcomes.filter((outcome) => outcome === "processed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(9);
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(1);
    expect(await getDb().subscription.count({ where: { tenantId } })).toBe(1);
    expect(await ledgerRow(event.id)).toMatchObject({ status: "processed", attempts: 1, tenantId });
  });

  it("answers 500 on a database failure mid-handler, keeps nothing half-written, and the retry succeeds", async () => {
    const { tenantId, customer } = await createTenant();
    const event = eventOf("customer.subscription.created", subscriptionObject({ customer, status: "trialing" }));
    const body = JSON.stringify(event);
    // A real database error after the subscription row is written: the audit insert for this tenant fails.
    const fn = `fail_audit_${tenantId.replace(/\W/g, "")}`;
    await getDb().$executeRawUnsafe(
      `CREATE FUNCTION "${fn}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW."tenantId" = '${tenantId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END; $$`,
    );
    await getDb().$executeRawUnsafe(
      `CREATE TRIGGER "${fn}" BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "${fn}"()`,
    );
    try {
      const failed = await POST(signedRequest(body));
      expect(failed.status).toBe(500);
      expect(await getDb().subscription.count({ where: { tenantId } })).toBe(0);
      const row = await ledgerRow(event.id);
      expect(row).toMatchObject({ status: "failed", attempts: 1 });
      expect(row?.lastError).toContain("injected failure");
    } finally {
      await getDb().$executeRawUnsafe(`DROP TRIGGER "${fn}" ON "AuditLog"`);
      await getDb().$executeRawUnsafe(`DROP FUNCTION "${fn}"()`);
    }
    const retried = await POST(signedRequest(body));
    expect(retried.status).toBe(200);
    expect(await getDb().subscription.findMany({ where: { tenantId }, select: { status: true } })).toEqual([
      { status: "trialing" },
    ]);
    expect(await ledgerRow(event.id)).toMatchObject({ status: "processed", attempts: 2, lastError: null });
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(1);
  });

  it("answers 500 and records the failure when Stripe cannot be asked about an unknown customer, so Stripe retries", async () => {
    const event = subscriptionEvent(uniqueId("cus_unknown"));
    const res = await POST(signedRequest(JSON.stringify(event)));
    expect(res.status).toBe(500);
    expect(await ledgerRow(event.id)).toMatchObject({ status: "failed", attempts: 1 });
  });
});
