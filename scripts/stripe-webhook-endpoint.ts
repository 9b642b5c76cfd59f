// npm run stripe:webhook-endpoint -- <public url> — creates or updates the Stripe webhook endpoint for the app:
// enabled_events = exactly HANDLED_EVENT_TYPES, api_version = the SDK's pinned version. Prints the signing secret
// once, when the endpoint is created (Stripe shows it only then). Idempotent; run it on every deploy.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");

const { getStripe } = await import("@/lib/stripe/client");
const { syncWebhookEndpoint, webhookEndpointUrl } = await import("@/lib/stripe/webhook-endpoint");

const base = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
if (!base || !/^https?:\/\//.test(base)) {
  console.error("usage: npm run stripe:webhook-endpoint -- https://<your host>");
  process.exit(64);
}
const url = webhookEndpointUrl(base);
const result = await syncWebhookEndpoint(getStripe(), url, { replaceOld: process.argv.includes("--delete-old") ? "delete" : "keep" });
const { endpoint } = result;
console.log(`${result.action} ${endpoint.id} ${endpoint.url} (API ${endpoint.api_version}, ${endpoint.enabled_events.length} events)`);
if (result.secret) {
  // Printed once on purpose: this is the only time Stripe returns it. It goes into STRIPE_WEBHOOK_SECRET.
  console.log(`signing secret (shown once): ${result.secret}`);
}
if (result.replaced) {
  console.log(
    `${result.replaced.id} renders events in API ${result.replaced.api_version ?? "account default"} and Stripe cannot change that: ` +
      "deploy the new secret (old one in STRIPE_WEBHOOK_SECRET_PREVIOUS), then run again with --delete-old.",
  );
}
