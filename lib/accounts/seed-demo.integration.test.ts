import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { verifyPassword } from "./password";
import { DEMO_TENANT, seedDemoAccounts } from "./seed-demo";

const PASSWORD = "demo-password-0123";

afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await getDb().$disconnect();
});

async function demoState() {
  const users = await getDb().user.findMany({
    where: { email: { endsWith: "@demo.local" } },
    select: { email: true, isPlatformAdmin: true, passwordHash: true, memberships: { select: { role: true, tenant: { select: { slug: true } } } } },
    orderBy: { email: "asc" },
  });
  return users.map((u) => ({ email: u.email, admin: u.isPlatformAdmin, memberships: u.memberships.map((m) => `${m.tenant.slug}:${m.role}`), hash: u.passwordHash }));
}

describe("seedDemoAccounts", () => {
  it("creates an admin and a Demo Co tenant with owner, billing and member, and is idempotent", async () => {
    const accounts = await seedDemoAccounts({ password: PASSWORD });
    expect(accounts).toEqual([
      { email: "admin@demo.local", role: "admin" },
      { email: "owner@demo.local", role: "owner" },
      { email: "billing@demo.local", role: "billing" },
      { email: "member@demo.local", role: "member" },
    ]);
    const first = await demoState();
    expect(first.map(({ hash: _hash, ...rest }) => rest)).toEqual([
      { email: "admin@demo.local", admin: true, memberships: [] },
      { email: "billing@demo.local", admin: false, memberships: [`${DEMO_TENANT.slug}:billing`] },
      { email: "member@demo.local", admin: false, memberships: [`${DEMO_TENANT.slug}:member`] },
      { email: "owner@demo.local", admin: false, memberships: [`${DEMO_TENANT.slug}:owner`] },
    ]);
    for (const user of first) expect(await verifyPassword(PASSWORD, user.hash)).toBe(true);

    // A second run changes nothing (not even the hashes); a changed password is applied.
    await seedDemoAccounts({ password: PASSWORD });
    expect(await demoState()).toEqual(first);
    expect(await getDb().tenant.count({ where: { slug: DEMO_TENANT.slug } })).toBe(1);

    await getDb().membership.updateMany({ where: { user: { email: "member@demo.local" } }, data: { role: "owner" } });
    await seedDemoAccounts({ password: "another-demo-password" });
    const third = await demoState();
    expect(third.find((u) => u.email === "member@demo.local")?.memberships).toEqual([`${DEMO_TENANT.slug}:member`]);
    for (const user of third) expect(await verifyPassword("another-demo-password", user.hash)).toBe(true);
  });

  it("refuses in live Stripe mode, before touching the database", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_live_refusetest");
    vi.stubEnv("STRIPE_PUBLIC_KEY", "pk_live_refusetest");
    vi.stubEnv("STRIPE_API_URL", "");
    vi.resetModules();
    const fresh = await import("./seed-demo");
    await expect(fresh.seedDemoAccounts({ password: PASSWORD })).rejects.toThrow(/live Stripe mode/);
  });
});
