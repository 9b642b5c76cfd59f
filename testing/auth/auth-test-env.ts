// Test support for the auth suites. packages/local-stack/vitest/global-setup.ts provides DATABASE_URL, NEXTAUTH_SECRET and
// the Stripe variables; next-auth itself also reads NEXTAUTH_URL from process.env.
import { randomBytes } from "node:crypto";

export function prepareAuthTestEnv(): void {
  process.env.NEXTAUTH_URL ||= "http://localhost:5050";
  if (!process.env.DATABASE_URL) {
    throw new Error("DATABASE_URL is missing: run these tests through vitest, whose global setup provides a database");
  }
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}@example.test`;
}
