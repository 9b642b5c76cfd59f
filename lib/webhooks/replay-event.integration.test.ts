import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { eventOf, subscriptionObject } from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { replayEvent, ReplayError } from "./replay-event";

afterAll(async () => {
  await getDb().$disconnect();
});

// The global setup points STRIPE_API_URL at a closed port: replay must fall back to the ledger copy.
describe("replayEvent", () => {
  it("re-runs a parked event from the ledger once its cause is fixed, then treats it as done", async () => {
    const tenantId = uniqueId("tenant");
    const subscription = subscriptionObject({ customer: uniqueId("cus"), status: "active", tenantId });
    const event = eventOf("customer.subscription.created", subscription);
    // The tenant does not exist yet: the event is answered 200 (no retry would help) and parked as unmatched.
    expect((await POST(signedRequest(JSON.stringify(event)))).status).toBe(200);
    expect(await getDb().webhookEvent.findUnique({ where: { id: event.id } })).toMatchObject({ status: "unmatched", attempts: 1 });

    await getDb().tenant.create({ data: { id: tenantId, name: "Late", slug: uniqueId("late") } });
    const replayed = await replayEvent(event.id);
    expect(replayed).toMatchObject({ outcome: "processed", source: "ledger", tenantId });
    expect(await getDb().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({
      tenantId,
      status: "active",
      lastEventId: event.id,
    });
    expect(await getDb().webhookEvent.findUnique({ where: { id: event.id } })).toMatchObject({ status: "processed", attempts: 2 });

    expect(await replayEvent(event.id)).toMatchObject({ outcome: "duplicate" });
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(1);
  });

  it("refuses an id the ledger has never seen", async () => {
    await expect(replayEvent("evt_never_seen")).rejects.toBeInstanceOf(ReplayError);
  });
});
