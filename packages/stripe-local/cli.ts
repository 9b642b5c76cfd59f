#!/usr/bin/env tsx
// `stripe-local` (the package's bin; `npm run stripe:local` at the app's root) — runs the emulator until interrupted.

import { randomBytes } from "node:crypto";
import { startStripeLocal } from "./index";

const env = process.env;
const port = Number(env.STRIPE_LOCAL_PORT ?? "12111");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`STRIPE_LOCAL_PORT must be a port number, got "${env.STRIPE_LOCAL_PORT}"`);
  process.exit(1);
}
const forwardTo = env.STRIPE_LOCAL_FORWARD_TO || undefined;
const secret = env.STRIPE_WEBHOOK_SECRET || undefined;

// Only its own keys (given, or generated and printed), and CORS only for the app's origins: any web page the
// developer visits could otherwise drive it.
const token = () => randomBytes(18).toString("base64url").replace(/[-_]/g, "x");
const secretKey = env.STRIPE_SECRET_KEY?.startsWith("sk_test_") ? env.STRIPE_SECRET_KEY : `sk_test_local${token()}`;
const publishableKey = env.STRIPE_PUBLIC_KEY?.startsWith("pk_test_") ? env.STRIPE_PUBLIC_KEY : `pk_test_local${token()}`;
const origins = (env.STRIPE_LOCAL_ALLOWED_ORIGINS || "http://localhost:5050,http://127.0.0.1:5050").split(",").map((o) => o.trim()).filter(Boolean);

const local = await startStripeLocal({
  access: { secretKey, publishableKey, origins },
  port,
  host: env.STRIPE_LOCAL_HOST || "127.0.0.1",
  snapshotFile: env.STRIPE_LOCAL_SNAPSHOT || undefined,
  webhook: forwardTo ? { url: forwardTo, secret } : secret ? { url: "", secret } : undefined,
  log: (line) => console.log(line),
});
if (!forwardTo) local.configureWebhook({ url: null });

console.log(
  `stripe-local ready at ${local.url} (API 2026-10-28.endive) · keys ${secretKey} / ${publishableKey} · CORS for ${origins.join(" ")} · webhook secret ${local.webhookSecret}${forwardTo ? ` · forwarding to ${forwardTo}` : " · no forward target (set STRIPE_LOCAL_FORWARD_TO)"}`,
);

const shutdown = () => {
  void local.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
