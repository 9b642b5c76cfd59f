// The admin tenants listing on PostgreSQL: the trigger-maintained summary, keyset paging both ways, every sort,
// the status filter and search. Tenants carry a per-run marker so parallel suites on the same database don't
// show up in the counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { uniqueSuffix } from "@/testing/test-db";
import { listTenants, TENANT_SORTS, type TenantListRow } from "./list-tenants";

const marker = `zq${uniqueSuffix()}`;
const DAY = 24 * 3600 * 1000;
type Seeded = { id: string; name: string; status: string | null; mrr: number };
const seeded: Seeded[] = [];

beforeAll(async () => {
  const db = getDb();
  const monthly = await db.plan.create({
    data: { key: `m-${marker}`, name: "Team", amount: 2500, interval: "month", stripePriceId: `price_m_${marker}` },
  });
  const yearly = await db.plan.create({
    data: { key: `y-${marker}`, name: "Team yearly", amount: 24000, interval: "year", stripePriceId: `price_y_${marker}` },
  });
  const statuses = ["active", "active", "past_due", "trialing", "canceled", null, "active", "unpaid", "past_due", "active", "active", "active"] as const;
  for (const [i, status] of statuses.entries()) {
    const name = `${marker} tenant ${String(i).padStart(2, "0")}`;
    const tenant = await db.tenant.create({ data: { name, slug: `${marker}-${i}`, stripeCustomerId: `cus_${marker}_${i}` } });
    const plan = i % 3 === 0 ? yearly : monthly;
    const quantity = 1 + (i % 4);
    if (status) {
      await db.subscription.create({
        data: {
          tenantId: tenant.id,
          stripeSubscriptionId: `sub_${marker}_${i}`,
          status,
          planId: plan.id,
          stripePriceId: plan.stripePriceId,
          quantity,
          currentPeriodStart: new Date(Date.now() - (10 + i) * DAY),
          currentPeriodEnd: new Date(Date.now() + (20 - i) * DAY),
        },
      });
    }
    const mrr = status === "active" || status === "past_due" ? (plan.interval === "year" ? plan.amount / 12 : plan.amount) * quantity : 0;
    seeded.push({ id: tenant.id, name, status, mrr });
  }
  // Tenant 2 is in dunning: two attempts on an open invoice, one earlier payment that went through.
  const dunning = seeded[2]!;
  await db.invoice.create({
    data: {
      tenantId: dunning.id,
      stripeInvoiceId: `in_${marker}_2`,
      status: "open",
      amountDue: 2500,
      amountPaid: 0,
      amountRemaining: 2500,
      total: 2500,
      currency: "usd",
      attemptCount: 2,
      stripeCreatedAt: new Date(Date.now() - 2 * DAY),
    },
  });
  await db.payment.create({
    data: {
      tenantId: dunning.id,
      stripeChargeId: `ch_${marker}_2`,
      amount: 2500,
      currency: "usd",
      status: "succeeded",
      stripeCreatedAt: new Date(Date.now() - 33 * DAY),
    },
  });
});

afterAll(async () => {
  await getDb().$disconnect();
});

async function walk(query: Parameters<typeof listTenants>[0], limit: number): Promise<TenantListRow[]> {
  const rows: TenantListRow[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 50; guard += 1) {
    const page = await listTenants({ ...query, q: marker, limit, after });
    rows.push(...page.rows);
    if (!page.nextCursor) return rows;
    after = page.nextCursor;
  }
  throw new Error("paging did not end");
}

describe("TenantBillingSummary", () => {
  it("holds what the table shows, kept by the triggers", async () => {
    const { rows } = await listTenants({ q: marker, limit: 50 });
    expect(rows).toHaveLength(12);
    for (const s of seeded) {
      const row = rows.find((r) => r.tenantId === s.id);
      expect(row, s.name).toMatchObject({ name: s.name, status: s.status ?? "none", mrr: s.mrr });
    }
    const dunning = rows.find((r) => r.tenantId === seeded[2]!.id)!;
    expect(dunning.failedAttempts).toBe(2);
    expect(dunning.lastPaymentAt?.getTime()).toBeLessThan(Date.now() - 32 * DAY);
    const canceled = rows.find((r) => r.tenantId === seeded[4]!.id)!;
    expect(canceled).toMatchObject({ mrr: 0, nextRenewalAt: null, lastPaymentAt: null, failedAttempts: 0 });
    expect(rows.find((r) => r.tenantId === seeded[5]!.id)).toMatchObject({ status: "none", planName: null, mrr: 0 });
  });

  it("follows a hand edit of a subscription and a tenant rename at commit", async () => {
    const target = seeded[10]!;
    await getDb().subscription.update({ where: { stripeSubscriptionId: `sub_${marker}_10` }, data: { status: "unpaid" } });
    expect((await listTenants({ q: target.id })).rows[0]).toMatchObject({ status: "unpaid", mrr: 0 });
    await getDb().subscription.update({ where: { stripeSubscriptionId: `sub_${marker}_10` }, data: { status: "active" } });
    await getDb().tenant.update({ where: { id: target.id }, data: { name: `${target.name} renamed` } });
    expect((await listTenants({ q: target.id })).rows[0]).toMatchObject({ status: "active", mrr: target.mrr, name: `${target.name} renamed` });
    await getDb().tenant.update({ where: { id: target.id }, data: { name: target.name } });
  });
});

describe("listTenants", () => {
  it("pages forward and back by name with keyset cursors", async () => {
    const first = await listTenants({ q: marker, limit: 5 });
    expect(first.total).toBe(12);
    expect(first.prevCursor).toBeNull();
    expect(first.rows.map((r) => r.name)).toEqual(seeded.slice(0, 5).map((s) => s.name));
    const second = await listTenants({ q: marker, limit: 5, after: first.nextCursor! });
    expect(second.rows.map((r) => r.name)).toEqual(seeded.slice(5, 10).map((s) => s.name));
    const third = await listTenants({ q: marker, limit: 5, after: second.nextCursor! });
    expect(third.rows.map((r) => r.name)).toEqual(seeded.slice(10).map((s) => s.name));
    expect(third.nextCursor).toBeNull();
    const back = await listTenants({ q: marker, limit: 5, before: third.prevCursor! });
    expect(back.rows.map((r) => r.name)).toEqual(second.rows.map((r) => r.name));
    expect(back.nextCursor).not.toBeNull();
    const backAgain = await listTenants({ q: marker, limit: 5, before: back.prevCursor! });
    expect(backAgain.rows.map((r) => r.name)).toEqual(first.rows.map((r) => r.name));
    expect(backAgain.prevCursor).toBeNull();
  });

  it.each(TENANT_SORTS.flatMap((sort) => [{ sort, dir: "asc" as const }, { sort, dir: "desc" as const }]))(
    "walks every row exactly once in order: $sort $dir",
    async ({ sort, dir }) => {
      const rows = await walk({ sort, dir }, 4);
      expect(rows).toHaveLength(12);
      expect(new Set(rows.map((r) => r.tenantId)).size).toBe(12);
      const key = (r: TenantListRow): (string | number)[] => {
        switch (sort) {
          case "name":
            return [r.name.toLowerCase()];
          case "status":
            return [r.status, r.name.toLowerCase()];
          case "mrr":
            return [r.mrr];
          case "nextRenewal":
            return [r.nextRenewalAt?.getTime() ?? Number.MAX_SAFE_INTEGER];
          case "lastPayment":
            return [r.lastPaymentAt?.getTime() ?? 0];
          case "failedAttempts":
            return [r.failedAttempts];
        }
      };
      const compare = (a: TenantListRow, b: TenantListRow) => {
        const ka = [...key(a), a.tenantId];
        const kb = [...key(b), b.tenantId];
        for (let i = 0; i < ka.length; i += 1) {
          if (ka[i]! < kb[i]!) return -1;
          if (ka[i]! > kb[i]!) return 1;
        }
        return 0;
      };
      const expected = [...rows].sort((a, b) => (dir === "asc" ? compare(a, b) : compare(b, a)));
      expect(rows.map((r) => r.tenantId)).toEqual(expected.map((r) => r.tenantId));
    },
  );

  it("filters by status and counts the filtered set", async () => {
    const page = await listTenants({ q: marker, status: "past_due" });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.tenantId).sort()).toEqual([seeded[2]!.id, seeded[8]!.id].sort());
    expect((await listTenants({ q: marker, status: "none" })).rows.map((r) => r.tenantId)).toEqual([seeded[5]!.id]);
  });

  it("searches names case-insensitively, slugs, customer ids and tenant ids, with LIKE wildcards taken literally", async () => {
    expect((await listTenants({ q: `${marker} TENANT 07` })).rows.map((r) => r.tenantId)).toEqual([seeded[7]!.id]);
    expect((await listTenants({ q: `${marker}-11` })).rows.map((r) => r.tenantId)).toEqual([seeded[11]!.id]);
    expect((await listTenants({ q: `cus_${marker}_3` })).rows.map((r) => r.tenantId)).toEqual([seeded[3]!.id]);
    expect((await listTenants({ q: seeded[9]!.id })).rows.map((r) => r.tenantId)).toEqual([seeded[9]!.id]);
    expect((await listTenants({ q: `${marker}%` })).total).toBe(0);
  });

  it("treats a malformed cursor as the first page", async () => {
    const page = await listTenants({ q: marker, limit: 3, after: "not-a-cursor" });
    expect(page.rows.map((r) => r.name)).toEqual(seeded.slice(0, 3).map((s) => s.name));
  });
});

describe("search by a user's email", () => {
  it("finds every tenant the address is a member of, whatever its case, and nothing for a part of it", async () => {
    const db = getDb();
    const email = `${marker}.owner@example.com`;
    const user = await db.user.create({ data: { email, name: "Owner", passwordHash: "x" } });
    const [a, b] = [seeded[1]!, seeded[4]!];
    await db.membership.createMany({ data: [a, b].map((t) => ({ userId: user.id, tenantId: t.id, role: "owner" as const })) });
    const found = await listTenants({ q: email.toUpperCase() });
    expect(found.rows.map((r) => r.tenantId).sort()).toEqual([a.id, b.id].sort());
    expect(found.total).toBe(2);
    expect((await listTenants({ q: `nobody-${marker}@example.com` })).rows).toEqual([]);
  });
});

describe("tenant counts", () => {
  it("the kept per-status counts equal the summary's rows, status by status, as tenants come, change and go", async () => {
    const db = getDb();
    // One statement, one snapshot: the counts change in the same transactions as the rows they count.
    const mismatches = () =>
      db.$queryRaw<{ status: string }[]>`
        SELECT coalesce(a."status", b."status") AS "status" FROM
          (SELECT "status", count(*)::bigint AS "n" FROM "TenantBillingSummary" GROUP BY 1) a
          FULL JOIN (SELECT "status", sum("count")::bigint AS "n" FROM "TenantStatusCount" GROUP BY 1 HAVING sum("count") <> 0) b
          ON a."status" = b."status"
        WHERE a."n" IS DISTINCT FROM b."n"`;
    expect(await mismatches()).toEqual([]);
    const tenant = await db.tenant.create({ data: { name: `${marker} counted`, slug: `${marker}-counted` } });
    await db.subscription.create({ data: { tenantId: tenant.id, stripeSubscriptionId: `sub_${marker}_counted`, status: "active" } });
    await db.subscription.update({ where: { stripeSubscriptionId: `sub_${marker}_counted` }, data: { status: "past_due" } });
    expect(await mismatches()).toEqual([]);
    await db.tenant.delete({ where: { id: tenant.id } });
    expect(await mismatches()).toEqual([]);
    expect((await listTenants({ q: marker })).totalCapped).toBe(false);
  });
});
