// Small helpers for integration tests on the shared test database (see packages/local-stack/vitest/global-setup.ts). Tests run in
// parallel on one database, so every row gets unique keys and nothing relies on an empty table.
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";

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
