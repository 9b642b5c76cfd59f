// Test support for the webhook suites. The shared vitest global setup provides DATABASE_URL and STRIPE_* when it
// is present; otherwise this makes a throwaway, migrated database on the local server so the suites still run.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { applyMigrations, runAdminStatement, withDatabase } from "@/lib/db/migrations";

const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

export const TEST_WEBHOOK_SECRET_FALLBACK = "whsec_webhooktestsecret0000000000000000";

/** Sets the env the pipeline needs (only what is missing) and returns a cleanup. Call before any getEnv(). */
export async function prepareWebhookTestEnv(): Promise<() => Promise<void>> {
  process.env.STRIPE_WEBHOOK_SECRET ||= TEST_WEBHOOK_SECRET_FALLBACK;
  process.env.STRIPE_SECRET_KEY ||= "sk_test_webhooks";
  process.env.STRIPE_PUBLIC_KEY ||= "pk_test_webhooks";
  process.env.NEXTAUTH_SECRET ||= "webhook-tests-secret-0123456789abcdef";
  process.env.LOG_LEVEL ||= "silent";
  if (process.env.DATABASE_URL) return async () => undefined;
  const name = `aab_webhooks_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await runAdminStatement(LOCAL_SERVER, `CREATE DATABASE "${name}"`);
  const url = withDatabase(LOCAL_SERVER, name);
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  return async () => {
    await runAdminStatement(LOCAL_SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}

const signer = new Stripe("sk_test_signer", { telemetry: false });

/** A webhook delivery as Stripe sends it: the real SDK signs the exact body bytes. */
export function signedRequest(
  body: string,
  options: { secret?: string; timestamp?: number; signature?: string | null; headers?: Record<string, string> } = {},
): Request {
  const secret = options.secret ?? process.env.STRIPE_WEBHOOK_SECRET ?? TEST_WEBHOOK_SECRET_FALLBACK;
  const signature =
    options.signature === undefined
      ? signer.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: options.timestamp })
      : options.signature;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", ...options.headers };
  if (signature !== null) headers["stripe-signature"] = signature;
  return new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers, body });
}

export function uniqueId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString("hex")}`;
}
