// Small helpers for integration tests on the shared test database (see lib/testing/global-setup.ts). Tests run in
// parallel on one database, so every row gets unique keys and nothing relies on an empty table.
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { MembershipRole } from "@/lib/generated/prisma/client";

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}

export function uniqueSlug(prefix = "t"): string {
  return `${prefix}-${uniqueSuffix()}`;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${uniqueSuffix()}@example.test`;
}

export async function createTestTenant(data: { name?: string; slug?: string; stripeCustomerId?: string } = {}) {
  const slug = data.slug ?? uniqueSlug();
  return getDb().tenant.create({
    data: { name: data.name ?? `Tenant ${slug}`, slug, stripeCustomerId: data.stripeCustomerId ?? null },
  });
}

/**
 * A user, optionally a member of `tenantId`. The password hash is a placeholder nobody can sign in with; tests
 * of signing in create users through lib/auth.
 */
export async function createTestUser(
  data: { email?: string; name?: string; isPlatformAdmin?: boolean; tenantId?: string; role?: MembershipRole } = {},
) {
  const email = data.email ?? uniqueEmail();
  return getDb().user.create({
    data: {
      email,
      name: data.name ?? email.split("@")[0] ?? "Test user",
      passwordHash: "!test-placeholder",
      isPlatformAdmin: data.isPlatformAdmin ?? false,
      ...(data.tenantId ? { memberships: { create: { tenantId: data.tenantId, role: data.role ?? "owner" } } } : {}),
    },
  });
}
