// MRR, its movements and trial conversion on PostgreSQL, through the trigger that records the history as
// subscription rows change. Other suites share the database, so this file prices its plans in XTS (ISO 4217's
// code for testing) and reads the report in that currency only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { getRevenue } from "./get-revenue";

const tag = uniqueSuffix();
const currency = "xts";
const DAY = 24 * 60 * 60 * 1000;
let monthly: string;
let yearly: string;

async function subscribe(name: string, data: { planId: string; status: SubscriptionStatus; quantity?: number; trialEnd?: Date }) {
  const tenant = await createTestTenant({ name: `${name} ${tag}` });
  return getDb().subscription.create({
    data: { tenantId: tenant.id, stripeSubscriptionId: `sub_rev_${name}_${tag}`, ...data },
  });
}
const update = (id: string, data: { status?: SubscriptionStatus; planId?: string; quantity?: number }) =>
  getDb().subscription.update({ where: { id }, data });

beforeAll(async () => {
  monthly = (await getDb().plan.create({ data: { key: `rev-m-${tag}`, name: "Team", amount: 1000, currency, interval: "month" } })).id;
  yearly = (await getDb().plan.create({ data: { key: `rev-y-${tag}`, name: "Team", amount: 24000, currency, interval: "year" } })).id;
  const trialEnded = new Date(Date.now() - DAY);
  // A: new 1,000, then expansion to the yearly plan (24,000 / 12 = 2,000 a month).
  const a = await subscribe("a", { planId: monthly, status: "active" });
  await update(a.id, { planId: yearly });
  // B: a trial (no MRR) that converts: new 1,000.
  const b = await subscribe("b", { planId: monthly, status: "trialing", trialEnd: trialEnded });
  await update(b.id, { status: "active" });
  // C: new 2,000 (two seats), contraction to one seat, then churn.
  const c = await subscribe("c", { planId: monthly, status: "active", quantity: 2 });
  await update(c.id, { quantity: 1 });
  await update(c.id, { status: "canceled" });
  // D: a trial that ended without paying; E: one still trialing.
  const d = await subscribe("d", { planId: monthly, status: "trialing", trialEnd: trialEnded });
  await update(d.id, { status: "canceled" });
  await subscribe("e", { planId: monthly, status: "trialing", trialEnd: new Date(Date.now() + 7 * DAY) });
  // Past due still counts (Stripe's dashboards count it until the subscription is canceled); unpaid does not.
  const f = await subscribe("f", { planId: monthly, status: "active" });
  await update(f.id, { status: "past_due" });
  const g = await subscribe("g", { planId: monthly, status: "active" });
  await update(g.id, { status: "unpaid" });
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe("getRevenue", () => {
  it("MRR and ARR count paying subscriptions only, a yearly price as a twelfth", async () => {
    const revenue = await getRevenue({ currency });
    expect(revenue).toMatchObject({ currency, mrr: 4000, arr: 48000, payingSubscriptions: 3 });
    expect(revenue.byPlan).toEqual([
      { planId: monthly, planName: "Team", interval: "month", mrr: 2000, subscriptions: 2 },
      { planId: yearly, planName: "Team", interval: "year", mrr: 2000, subscriptions: 1 },
    ]);
  });

  it("this month's movements: new, expansion, contraction and churn, and the MRR they lead to", async () => {
    const { months } = await getRevenue({ currency });
    expect(months).toHaveLength(12);
    const current = months[months.length - 1];
    // new: A 1,000 + B 1,000 + C 2,000 + F 1,000 + G 1,000; churn: C 1,000 + G 1,000.
    expect(current).toMatchObject({ new: 6000, expansion: 1000, contraction: 1000, churn: 2000, net: 4000, mrr: 4000 });
    expect(months[months.length - 2]?.mrr).toBe(0);
  });

  it("trial conversion: ended trials and those that went on to pay", async () => {
    const { trials } = await getRevenue({ currency });
    expect(trials).toMatchObject({ ended: 2, converted: 1 });
    // Tenants in trial now are counted across currencies (other suites' included): this file's one at least.
    expect(trials.trialingNow).toBeGreaterThanOrEqual(1);
  });
});
