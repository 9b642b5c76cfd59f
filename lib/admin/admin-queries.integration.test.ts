// The console's read side on PostgreSQL: the webhook ledger and audit log listings (filters, keyset paging)
// and the overview's invariants. Other suites write to the same database at the same time, so assertions
// are scoped to rows this file made or to relations that hold whatever else is there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessForSubscription } from "@/lib/billing/access";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { getAdminOverview } from "./get-admin-overview";
import { getTenantDetailOrThrow } from "./get-tenant-detail";
import { listAuditLog } from "./list-audit-log";
import { listWebhookEvents } from "./list-webhook-events";

const tag = uniqueSuffix();
let tenantId: string;

beforeAll(async () => {
  const tenant = await createTestTenant({ name: `Queries ${tag}` });
  tenantId = tenant.id;
  const base = Date.now() - 60_000;
  const rows = [
    { type: "invoice.paid", status: "processed" },
    { type: "invoice.payment_failed", status: "failed" },
    { type: "charge.succeeded", status: "processed" },
    { type: "invoice.finalized", status: "ignored" },
  ] as const;
  for (const [i, row] of rows.entries()) {
    await getDb().webhookEvent.create({
      data: {
        id: `evt_q${tag}_${i}`,
        type: row.type,
        status: row.status,
        stripeCreated: Math.floor(base / 1000) + i,
        receivedAt: new Date(base + i * 1000),
        tenantId,
        attempts: 1,
        lastError: row.status === "failed" ? "boom" : null,
        payload: { id: `evt_q${tag}_${i}` },
      },
    });
  }
  for (const [i, actor] of ["admin:a1", "stripe:evt_1", "admin:a2"].entries()) {
    await getDb().auditLog.create({
      data: { tenantId, actor, action: i === 1 ? "subscription.status_changed" : "admin.refund", after: { i }, createdAt: new Date(base + i * 1000) },
    });
  }
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe("listWebhookEvents", () => {
  it("filters by tenant, status and type pattern, newest first", async () => {
    const all = await listWebhookEvents({ tenant: tenantId });
    expect(all.rows.map((r) => r.id)).toEqual([3, 2, 1, 0].map((i) => `evt_q${tag}_${i}`));
    expect(all.rows[0]).toMatchObject({ tenantName: `Queries ${tag}` });
    expect((await listWebhookEvents({ tenant: tenantId, status: "failed" })).rows.map((r) => r.lastError)).toEqual(["boom"]);
    expect((await listWebhookEvents({ tenant: tenantId, type: "invoice.*" })).rows).toHaveLength(3);
    expect((await listWebhookEvents({ tenant: tenantId, type: "charge.succeeded" })).rows).toHaveLength(1);
  });

  it("pages with a cursor and a time window", async () => {
    const first = await listWebhookEvents({ tenant: tenantId, limit: 3 });
    const second = await listWebhookEvents({ tenant: tenantId, limit: 3, after: first.nextCursor! });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual([3, 2, 1, 0].map((i) => `evt_q${tag}_${i}`));
    expect(second.nextCursor).toBeNull();
    const windowed = await listWebhookEvents({ tenant: tenantId, from: first.rows[2]!.receivedAt, to: first.rows[0]!.receivedAt });
    expect(windowed.rows.map((r) => r.id)).toEqual([2, 1].map((i) => `evt_q${tag}_${i}`));
  });
});

describe("listAuditLog", () => {
  it("filters by tenant, actor prefix and action, and pages newest first", async () => {
    expect((await listAuditLog({ tenant: tenantId })).rows.map((r) => r.actor)).toEqual(["admin:a2", "stripe:evt_1", "admin:a1"]);
    expect((await listAuditLog({ tenant: tenantId, actor: "admin:" })).rows.map((r) => r.actor)).toEqual(["admin:a2", "admin:a1"]);
    expect((await listAuditLog({ tenant: tenantId, action: "subscription." })).rows).toHaveLength(1);
    const page = await listAuditLog({ tenant: tenantId, limit: 2 });
    const rest = await listAuditLog({ tenant: tenantId, limit: 2, after: page.nextCursor! });
    expect(rest.rows.map((r) => r.actor)).toEqual(["admin:a1"]);
  });
});

describe("getAdminOverview", () => {
  it("adds up: access states cover every tenant, the series ends at today's MRR, recent failures counted", async () => {
    await getDb().payment.create({
      data: { tenantId, stripeChargeId: `ch_q${tag}`, amount: 1234, currency: "usd", status: "failed", stripeCreatedAt: new Date() },
    });
    const o = await getAdminOverview();
    const access = o.byAccess.full + o.byAccess.grace + o.byAccess.restricted + o.byAccess.none;
    expect(access).toBe(o.tenants);
    expect(o.byStatus.reduce((sum, s) => sum + s.count, 0)).toBe(o.tenants);
    expect(o.tenants).toBeGreaterThan(0);
    expect(o.mrr.series).toHaveLength(31);
    expect(o.mrr.series[30]!.mrr).toBe(o.mrr.current);
    expect(o.mrr.change).toBe(o.mrr.current - o.mrr.series[0]!.mrr);
    expect(o.failedPayments7d.count).toBeGreaterThanOrEqual(1);
    // Other suites share the database: read the dollar sum, whichever currency leads the overview.
    expect(o.failedPayments7d.byCurrency.find((c) => c.currency === "usd")?.amount).toBeGreaterThanOrEqual(1234);
    expect(o.webhooks.failedOpen).toBeGreaterThanOrEqual(1);
    expect(o.webhooks.lastEventAt).not.toBeNull();
  });

  it("counts a past-due tenant in grace exactly when accessFor does: grace runs from the unpaid period's start", async () => {
    // Far in the future, so no other suite's subscription is anywhere near this grace window.
    const now = new Date("2100-01-01T00:00:00Z");
    const graceDays = getEnv().BILLING_GRACE_DAYS;
    const day = 24 * 60 * 60 * 1000;
    const pastDue = async (periodStart: Date, periodEnd: Date) => {
      const tenant = await createTestTenant({ name: `Grace ${tag}` });
      const row = await getDb().subscription.create({
        data: {
          tenantId: tenant.id,
          stripeSubscriptionId: `sub_grace_${uniqueSuffix()}`,
          status: "past_due",
          currentPeriodStart: periodStart,
          currentPeriodEnd: periodEnd,
        },
      });
      return accessForSubscription(row, graceDays, now);
    };
    // The renewal failed a day ago: still in grace.
    expect(await pastDue(new Date(now.getTime() - day), new Date(now.getTime() + 29 * day))).toBe("grace");
    // It failed longer ago than the grace days, though the period has not ended yet: restricted.
    expect(await pastDue(new Date(now.getTime() - (graceDays + 2) * day), new Date(now.getTime() + 3 * day))).toBe("restricted");

    const o = await getAdminOverview(now);
    expect(o.byAccess.grace).toBe(1);
  });
});

describe("money sums", () => {
  it("add up past 2^31 minor units (a million tenants' MRR): no integer overflow in the overview", async () => {
    const plan = await getDb().plan.create({
      data: { key: `huge-${tag}`, name: "Enterprise", amount: 2_000_000_000, currency: "usd", interval: "month" },
    });
    for (const i of [1, 2]) {
      const tenant = await createTestTenant({ name: `Huge ${tag} ${i}` });
      await getDb().subscription.create({
        data: { tenantId: tenant.id, stripeSubscriptionId: `sub_huge_${tag}_${i}`, status: "active", planId: plan.id },
      });
      await getDb().payment.create({
        data: { tenantId: tenant.id, stripeChargeId: `ch_huge_${tag}_${i}`, amount: 2_000_000_000, currency: "usd", status: "failed", stripeCreatedAt: new Date() },
      });
    }
    const o = await getAdminOverview();
    expect(o.mrr.current).toBeGreaterThanOrEqual(4_000_000_000);
    expect(o.mrr.series[30]!.mrr).toBe(o.mrr.current);
    expect(o.mrr.currency).toBe("usd");
    expect(o.failedPayments7d.amount).toBeGreaterThanOrEqual(4_000_000_000);
  });
});

describe("getTenantDetailOrThrow", () => {
  it("names the tenant user behind an audit row by e-mail, as the global audit log does", async () => {
    const user = await getDb().user.create({ data: { email: `actor-${tag}@example.test`, name: "Actor", passwordHash: "x" } });
    await getDb().auditLog.create({ data: { tenantId, actor: `user:${user.id}`, action: "tenant.cancel_now", createdAt: new Date() } });
    const detail = await getTenantDetailOrThrow(tenantId);
    const row = detail.audit.find((a) => a.actor === `user:${user.id}`);
    expect(row?.actorEmail).toBe(`actor-${tag}@example.test`);
    expect(detail.audit.find((a) => a.actor === "stripe:evt_1")?.actorEmail).toBeNull();
  });
});
