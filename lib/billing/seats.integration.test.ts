// Per-seat plans against a real PostgreSQL and the in-process emulator through the app's own Stripe client: checkout
// buys the team's size, a seat added mid-period is charged exactly what its preview said, the webhook writes the
// quantity to our row, an invitation beyond the paid seats is refused, and seats cannot go below the team.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { advanceClock } from "@asset-anchor/stripe-local/contract-harness";
import type { TenantRole } from "@/lib/auth/roles";
import type { TenantContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { seedPlans } from "@/lib/plans/seed-plans";
import { inviteMember } from "@/lib/team/invite-member";
import { ADD_A_SEAT_FIRST, getSeatSummary } from "@/lib/team/seats";
import { createTestTenant, uniqueEmail } from "@/testing/test-db";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";
import { changePlan } from "./change-plan";
import { previewPlanChange } from "./preview-plan-change";
import { previewSeatChange } from "./preview-seat-change";
import { startCheckout } from "./start-checkout";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;
let stripe: Stripe;
const priceOf = new Map<string, string>();
const delivered = new Set<string>();
const START = Math.floor(Date.UTC(2027, 2, 1, 9, 30) / 1000);
const SEAT = 1200; // team-month, per seat

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests({ LOG_LEVEL: "silent" }));
  for (const plan of await seedPlans()) priceOf.set(plan.key, plan.stripePriceId);
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

async function addPerson(tenantId: string, role: TenantRole) {
  const email = uniqueEmail(role);
  const user = await getDb().user.create({ data: { email, name: `${role} person`, passwordHash: "not-a-hash" } });
  await getDb().membership.create({ data: { userId: user.id, tenantId, role } });
  return { id: user.id, email, name: user.name, isPlatformAdmin: false };
}

/** A tenant with an owner and `others` more members; its owner's context for the team use cases. */
async function team(others: number): Promise<TenantContext> {
  const tenant = await createTestTenant();
  const owner = await addPerson(tenant.id, "owner");
  for (let i = 0; i < others; i++) await addPerson(tenant.id, "member");
  return { user: owner, tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug }, role: "owner" };
}

/** The team on team-month with `seats` paid since START, its clock moved to the middle of the first period, rows written by the webhooks. */
async function onTeamPlan(owner: TenantContext, seats: number) {
  const tenantId = owner.tenant.id;
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({ test_clock: clock.id, metadata: { tenantId } });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  await getDb().tenant.update({ where: { id: tenantId }, data: { stripeCustomerId: customer.id } });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: priceOf.get("team-month") as string, quantity: seats }],
    metadata: { tenantId, plan: "team-month" },
  });
  const item = sub.items.data[0] as Stripe.SubscriptionItem;
  const middle = Math.floor((item.current_period_start + item.current_period_end) / 2);
  await advanceClock(stripe, clock.id, middle);
  await deliverEmittedEvents(delivered);
  return { tenant: owner.tenant, customerId: customer.id, subscriptionId: sub.id, now: new Date(middle * 1000), item };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("checkout of a per-seat plan", () => {
  it("buys one seat per member and pending invitation, and the first invoice is seats × price", async () => {
    const owner = await team(0);
    await inviteMember(owner, { email: uniqueEmail("invited"), role: "member" });
    const started = await startCheckout(owner.tenant, "team-month", { email: owner.user.email });
    if (started.kind !== "payment") throw new Error("expected a payment");
    expect(started.seats).toBe(2);
    expect(started.amountDue).toBe(2 * SEAT);
    const sub = await stripe.subscriptions.retrieve(started.subscriptionId);
    expect(sub.items.data[0]?.quantity).toBe(2);
  });

  it("buys one unit of a plan that is not per seat, whatever the team's size", async () => {
    const owner = await team(3);
    const started = await startCheckout(owner.tenant, "starter-month", { email: owner.user.email });
    if (started.kind !== "payment") throw new Error("expected a payment");
    expect(started.seats).toBe(1);
    expect(started.amountDue).toBe(1900);
  });
});

describe("seat changes", () => {
  it("a seat added mid-period is charged exactly its preview, and the webhook writes the new quantity", async () => {
    const owner = await team(1);
    const { tenant, customerId, now } = await onTeamPlan(owner, 2);
    const preview = await previewSeatChange(tenant, 3, { now });
    expect(preview).toMatchObject({ kind: "add_seats", fromSeats: 2, toSeats: 3, invoicedNow: true });
    // Half a period of one more seat, give or take the rounding of a month that is not an even number of seconds.
    expect(preview.chargedNow).toBeGreaterThan(SEAT * 0.4);
    expect(preview.chargedNow).toBeLessThan(SEAT * 0.6);
    expect(preview.nextInvoice.amount).toBe(3 * SEAT);

    const before = new Set((await stripe.invoices.list({ customer: customerId, limit: 100 })).data.map((i) => i.id));
    const result = await changePlan(tenant, preview.quote, { now });
    const created = (await stripe.invoices.list({ customer: customerId, limit: 100 })).data.filter((i) => !before.has(i.id));
    expect(created).toHaveLength(1);
    expect(created[0]?.amount_paid).toBe(preview.chargedNow);
    expect(created[0]?.lines.data.map((l) => l.amount).sort()).toEqual(preview.lines.map((l) => l.amount).sort());
    expect(result).toMatchObject({ fromSeats: 2, toSeats: 3, fromPlanKey: "team-month", toPlanKey: "team-month" });
    expect(result.invoice?.amountPaid).toBe(preview.chargedNow);

    // Confirming the same quote again is the same change, not a second charge.
    await changePlan(tenant, preview.quote, { now });
    expect((await stripe.invoices.list({ customer: customerId, limit: 100 })).data.filter((i) => !before.has(i.id))).toHaveLength(1);

    await deliverEmittedEvents(delivered);
    const row = await getDb().subscription.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(row.quantity).toBe(3);
    expect(await getSeatSummary(tenant.id)).toEqual({ paid: 3, used: 2 });
    // The admin's MRR counts seats: new at 2 × price, then an expansion to 3 × price.
    const movements = await getDb().mrrMovement.findMany({ where: { tenantId: tenant.id }, orderBy: { id: "asc" } });
    expect(movements.map((m) => [m.kind, Number(m.fromMrr), Number(m.toMrr)])).toEqual([
      ["new", 0, 2 * SEAT],
      ["expansion", 2 * SEAT, 3 * SEAT],
    ]);
  });

  it("refuses an invitation beyond the paid seats until a seat is added", async () => {
    const owner = await team(1);
    const { tenant, now } = await onTeamPlan(owner, 2);
    const refused = await failure(inviteMember(owner, { email: uniqueEmail("third"), role: "member" }));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toContain(ADD_A_SEAT_FIRST);
    expect(await getDb().invite.count({ where: { tenantId: tenant.id } })).toBe(0);

    await changePlan(tenant, (await previewSeatChange(tenant, 3, { now })).quote, { now });
    await deliverEmittedEvents(delivered);
    await inviteMember(owner, { email: uniqueEmail("third"), role: "member" });
    // The invitation holds the third seat: a fourth person needs a fourth seat.
    expect((await failure(inviteMember(owner, { email: uniqueEmail("fourth"), role: "member" }))).message).toContain(ADD_A_SEAT_FIRST);
  });

  it("cannot go below the people on the team, at preview or at confirm", async () => {
    const owner = await team(1);
    const { tenant, now } = await onTeamPlan(owner, 3);
    const below = await failure(previewSeatChange(tenant, 1, { now }));
    expect(below).toMatchObject({ code: "conflict" });
    expect(below.message).toContain("uses 2 seats");
    expect((await failure(previewSeatChange(tenant, 3, { now }))).message).toBe("You already pay for 3 seats.");

    // Quoted at 2 while the team had 2 people; an invitation sent before the confirm makes 3.
    const preview = await previewSeatChange(tenant, 2, { now });
    expect(preview).toMatchObject({ kind: "remove_seats", invoicedNow: false, chargedNow: 0 });
    expect(preview.prorationAmount).toBeLessThan(0);
    await inviteMember(owner, { email: uniqueEmail("late"), role: "member" });
    expect((await failure(changePlan(tenant, preview.quote, { now }))).code).toBe("conflict");
    const sub = await stripe.subscriptions.retrieve((await getDb().subscription.findFirstOrThrow({ where: { tenantId: tenant.id } })).stripeSubscriptionId);
    expect(sub.items.data[0]?.quantity).toBe(3);
  });

  it("refuses seats on a plan that is not per seat, and moving to a flat plan leaves one unit", async () => {
    const owner = await team(1);
    const { tenant, now, subscriptionId } = await onTeamPlan(owner, 2);
    const toPro = await previewPlanChange(tenant, "pro-month", { now });
    expect(toPro).toMatchObject({ fromSeats: 2, toSeats: 1 });
    await changePlan(tenant, toPro.quote, { now });
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    expect(sub.items.data[0]).toMatchObject({ quantity: 1, price: { id: priceOf.get("pro-month") } });
    await deliverEmittedEvents(delivered);
    expect((await failure(previewSeatChange(tenant, 3, { now }))).message).toBe("Your plan is not priced per seat.");
    expect(await getSeatSummary(tenant.id)).toBeNull();
  });
});
