import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import type { TenantRole } from "@/lib/auth/roles";
import { hashPassword, verifyPassword } from "./password";

export const DEMO_TENANT = { name: "Demo Co", slug: "demo-co" } as const;

const DEMO_ACCOUNTS: readonly { email: string; name: string; role: TenantRole | "admin" }[] = [
  { email: "admin@demo.local", name: "Demo Admin", role: "admin" },
  { email: "owner@demo.local", name: "Demo Owner", role: "owner" },
  { email: "billing@demo.local", name: "Demo Billing", role: "billing" },
  { email: "member@demo.local", name: "Demo Member", role: "member" },
];

export type DemoAccount = { email: string; role: TenantRole | "admin" };

/**
 * Creates (or brings back to the known state) a platform admin and a "Demo Co" tenant with an owner,
 * a billing user and a member, all with `password`. Idempotent; refuses in live Stripe mode so demo
 * logins can never exist next to real money.
 */
export async function seedDemoAccounts({ password }: { password: string }): Promise<DemoAccount[]> {
  if (getEnv().stripeMode === "live") throw new Error("refusing to seed demo accounts in live Stripe mode");
  if (password.length < 10) throw new Error("the demo password must be at least 10 characters");
  const db = getDb();

  const tenant = await db.tenant.upsert({
    where: { slug: DEMO_TENANT.slug },
    create: { name: DEMO_TENANT.name, slug: DEMO_TENANT.slug },
    update: {},
    select: { id: true },
  });

  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true, passwordHash: true } });
    // Re-hash only when the password changed, so a restart does not spend four scrypts for nothing.
    const passwordHash =
      existing && (await verifyPassword(password, existing.passwordHash)) ? existing.passwordHash : await hashPassword(password);
    const isPlatformAdmin = account.role === "admin";
    const user = await db.user.upsert({
      where: { email: account.email },
      // Demo addresses cannot receive mail: they count as confirmed, so the README's walk can pay at once.
      create: { email: account.email, name: account.name, passwordHash, isPlatformAdmin, emailVerifiedAt: new Date() },
      update: { passwordHash, isPlatformAdmin, emailVerifiedAt: existing ? undefined : new Date() },
      select: { id: true },
    });
    if (account.role !== "admin") {
      await db.membership.upsert({
        where: { userId_tenantId: { userId: user.id, tenantId: tenant.id } },
        create: { userId: user.id, tenantId: tenant.id, role: account.role },
        update: { role: account.role },
      });
    }
  }
  return DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role }));
}
