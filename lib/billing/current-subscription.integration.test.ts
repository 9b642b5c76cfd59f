// The one "current subscription" rule, as each reader applies it: the tenant dashboard, access, and the admin
// summary row (status, plan, MRR) that the database keeps by trigger. Real PostgreSQL.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { getBillingOverview } from "./get-billing-overview";

afterAll(async () => {
  await getDb().$disconnect();
});

async function plan() {
  const key = `rule-${uniqueSuffix()}`;
  return getDb().plan.create({ data: { key, name: "Pro", amount: 4900, interval: "month", tierRank: 2, stripePriceId: `price_${key}` } });
}

async function addSubscription(tenantId: string, planId: string, status: "active" | "canceled" | "incomplete" | "incomplete_expired", createdAt: Date) {
  return getDb().subscription.create({
    data: {
      tenantId,
      planId,
      status,
      stripeSubscriptionId: `sub_${uniqueSuffix()}`,
      createdAt,
      currentPeriodStart: createdAt,
      currentPeriodEnd: new Date(createdAt.getTime() + 30 * 86_400_000),
      ...(status === "canceled" && { endedAt: new Date(), canceledAt: new Date() }),
    },
  });
}

describe("the tenant's current subscription, everywhere", () => {
  it("after cancel now with a leftover incomplete attempt: Canceled on the dashboard and in admin, no MRR", async () => {
    const tenant = await createTestTenant();
    const p = await plan();
    await addSubscription(tenant.id, p.id, "canceled", new Date(Date.now() - 3 * 86_400_000));
    await addSubscription(tenant.id, p.id, "incomplete", new Date(Date.now() - 60_000));
    const overview = await getBillingOverview(tenant.id);
    expect(overview.subscription?.status).toBe("canceled");
    expect(overview.status.label).toBe("Canceled");
    expect(overview.access).toBe("none");
    const summary = await getDb().tenantBillingSummary.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(summary).toMatchObject({ status: "canceled", mrr: 0n });
  });

  it("an unpaid attempt alone is no plan: no plan, no access, not counted", async () => {
    const tenant = await createTestTenant();
    const p = await plan();
    await addSubscription(tenant.id, p.id, "incomplete", new Date(Date.now() - 60_000));
    await addSubscription(tenant.id, p.id, "incomplete_expired", new Date(Date.now() - 86_400_000));
    const overview = await getBillingOverview(tenant.id);
    expect(overview.plan).toBeNull();
    expect(overview.subscription).toBeNull();
    expect(overview.access).toBe("none");
    const summary = await getDb().tenantBillingSummary.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(summary).toMatchObject({ status: "none", planName: null, mrr: 0n });
  });

  it("a live subscription beside an incomplete attempt for another plan: the live one, counted once", async () => {
    const tenant = await createTestTenant();
    const p = await plan();
    await addSubscription(tenant.id, p.id, "active", new Date(Date.now() - 86_400_000));
    await addSubscription(tenant.id, p.id, "incomplete", new Date(Date.now() - 60_000));
    expect((await getBillingOverview(tenant.id)).subscription?.status).toBe("active");
    const summary = await getDb().tenantBillingSummary.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(summary).toMatchObject({ status: "active", mrr: 4900n });
  });
});
