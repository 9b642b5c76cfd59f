// `npm run stripe:local` — runs the emulator until interrupted.

import { startStripeLocal } from "./index";

const env = process.env;
const port = Number(env.STRIPE_LOCAL_PORT ?? "12111");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`STRIPE_LOCAL_PORT must be a port number, got "${env.STRIPE_LOCAL_PORT}"`);
  process.exit(1);
}
const forwardTo = env.STRIPE_LOCAL_FORWARD_TO || undefined;
const secret = env.STRIPE_WEBHOOK_SECRET || undefined;

const local = await startStripeLocal({
  port,
  host: env.STRIPE_LOCAL_HOST || "127.0.0.1",
  snapshotFile: env.STRIPE_LOCAL_SNAPSHOT || undefined,
  webhook: forwardTo ? { url: forwardTo, secret } : secret ? { url: "", secret } : undefined,
  log: (line) => console.log(line),
});
if (!forwardTo) local.configureWebhook({ url: null });

console.log(
  `stripe-local ready at ${local.url} (API 2026-10-28.endive) · webhook secret ${local.webhookSecret}${forwardTo ? ` · forwarding to ${forwardTo}` : " · no forward target (set STRIPE_LOCAL_FORWARD_TO)"}`,
);

const shutdown = () => {
  void local.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
