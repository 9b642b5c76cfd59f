// The one-statement fast path on its own, against the real database: what it settles, what it hands back to the
// transactional path untouched, and that the dispatcher's result is the same whichever path ran.
import type Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ONE_STATEMENT_EVENT_TYPES } from "./apply-event";
import { applyInOneStatement } from "./apply-in-one-statement";
import { handleStripeEvent } from "./handle-stripe-event";
import { redactPayload } from "./redact-payload";
import { eventOf, subscriptionObject } from "@/testing/webhooks/fixtures";
import { uniqueId } from "@/testing/webhooks/webhook-test-setup";

afterAll(async () => {
  await getDb().$disconnect();
});

async function createTenant() {
  const customer = uniqueId("cus");
  const tenant = await getDb().tenant.create({ data: { name: "Fast", slug: uniqueId("fast"), stripeCustomerId: customer } });
  return { tenantId: tenant.id, customer };
}

const apply = (event: Stripe.Event) => applyInOneStatement(event, redactPayload(event));
const ledger = (eventId: string) => getDb().webhookEvent.findUnique({ where: { id: eventId } });
const subscriptionRow = (id: string) => getDb().subscription.findUnique({ where: { stripeSubscriptionId: id } });
const audits = (eventId: string) => getDb().auditLog.count({ where: { actor: `stripe:${eventId}` } });

describe("applyInOneStatement", () => {
  it("takes exactly the registry's events applied by a versioned-row record (subscriptions, invoices, charges)", () => {
    expect([...ONE_STATEMENT_EVENT_TYPES].sort()).toEqual(
      [
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "customer.subscription.paused",
        "customer.subscription.resumed",
        "customer.subscription.trial_will_end",
        "invoice.created",
        "invoice.updated",
        "invoice.finalized",
        "invoice.paid",
        "invoice.payment_succeeded",
        "invoice.payment_failed",
        "invoice.payment_action_required",
        "invoice.voided",
        "invoice.marked_uncollectible",
        "charge.succeeded",
        "charge.failed",
        "charge.updated",
      ].sort(),
    );
  });

  it("writes the row, its audit and the processed ledger row together, then calls a second copy a duplicate", async () => {
    const { tenantId, customer } = await createTenant();
    const subscription = subscriptionObject({ customer, status: "active" });
    const event = eventOf("customer.subscription.created", subscription, { created: 1_790_000_000 });

    expect(await apply(event)).toEqual({ outcome: "processed", tenantId });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ tenantId, status: "active", lastEventId: event.id });
    expect(await ledger(event.id)).toMatchObject({ status: "processed", attempts: 1, tenantId });
    expect(await audits(event.id)).toBe(1);

    expect(await apply(event)).toEqual({ outcome: "duplicate" });
    expect(await ledger(event.id)).toMatchObject({ status: "processed", attempts: 1 });
    expect(await audits(event.id)).toBe(1);
  });

  it("keeps a newer state and still claims the older event", async () => {
    const { customer } = await createTenant();
    const id = uniqueId("sub");
    const newer = eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: "past_due" }), { created: 1_790_000_100 });
    const older = eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: "active" }), { created: 1_790_000_050 });
    await apply(newer);
    expect(await apply(older)).toMatchObject({ outcome: "processed" });
    expect(await subscriptionRow(id)).toMatchObject({ status: "past_due", lastEventId: newer.id });
    expect(await ledger(older.id)).toMatchObject({ status: "processed" });
    expect(await audits(older.id)).toBe(0);
  });

  it("declines a tie between two events without writing anything: only a refetch from Stripe can settle it", async () => {
    const { customer } = await createTenant();
    const id = uniqueId("sub");
    const first = eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: "active" }), { created: 1_790_000_200 });
    const tied = eventOf("customer.subscription.updated", subscriptionObject({ id, customer, status: "canceled" }), { created: 1_790_000_200 });
    await apply(first);

    expect(await apply(tied)).toEqual({ outcome: "declined" });
    expect(await subscriptionRow(id)).toMatchObject({ status: "active", lastEventId: first.id });
    expect(await ledger(tied.id)).toBeNull();
    expect(await audits(tied.id)).toBe(0);

    // No emulator answers in this suite: the refetch fails, so the event is recorded failed for a retry.
    expect(await handleStripeEvent(tied)).toMatchObject({ outcome: "failed" });
    expect(await subscriptionRow(id)).toMatchObject({ status: "active", lastEventId: first.id });
  });

  it("declines an object whose tenant the database cannot name", async () => {
    const event = eventOf("customer.subscription.created", subscriptionObject({ customer: uniqueId("cus_unknown"), status: "active" }));
    expect(await apply(event)).toEqual({ outcome: "declined" });
    expect(await ledger(event.id)).toBeNull();
  });

  it("never lets a late copy of an applied event overwrite a row created without a version", async () => {
    const { tenantId, customer } = await createTenant();
    const subscription = subscriptionObject({ customer, status: "incomplete" });
    const event = eventOf("customer.subscription.created", subscription, { created: 1_790_000_300 });
    await apply(event);
    // A reconcile repair recreates the row from Stripe's current state, with no event version on it.
    await getDb().subscription.delete({ where: { stripeSubscriptionId: subscription.id } });
    await getDb().subscription.create({
      data: { tenantId, stripeSubscriptionId: subscription.id, status: "active", quantity: 1 },
    });

    expect(await handleStripeEvent(event)).toMatchObject({ outcome: "duplicate" });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "active", lastEventCreated: 0n });
    expect(await audits(event.id)).toBe(1);
  });

  it("takes types with more than one row to the transactional path", async () => {
    const event = eventOf("charge.refunded", { id: uniqueId("ch"), object: "charge" } as Stripe.Charge);
    expect(await apply(event)).toEqual({ outcome: "declined" });
    expect(await ledger(event.id)).toBeNull();
  });
});
