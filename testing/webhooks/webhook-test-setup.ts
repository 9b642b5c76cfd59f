// Test support for the webhook suites. The vitest global setup (packages/local-stack/vitest/global-setup.ts) provides a fresh
// migrated DATABASE_URL and STRIPE_* test values; this only signs deliveries and names things.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

const signer = new Stripe("sk_test_signer", { telemetry: false });

/** A webhook delivery as Stripe sends it: the real SDK signs the exact body bytes with the configured secret. */
export function signedRequest(
  body: string,
  options: { secret?: string; timestamp?: number; signature?: string | null; headers?: Record<string, string> } = {},
): Request {
  const secret = options.secret ?? process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not set (the vitest global setup provides one)");
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
