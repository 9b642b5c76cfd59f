import type Stripe from "stripe";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/event-registry";
import { STRIPE_API_VERSION } from "./api-version";

// The webhook endpoint as code: which events it subscribes to and the API version it renders them in follow
// from HANDLED_EVENT_TYPES and the SDK's pinned version, so production never needs a Dashboard step that could
// drift (an event left out is an effect that never happens, another version is a payload the mappers misread).
// No `server-only`: the local stack (scripts/lib/stack.ts) runs it against the emulator with its own client.

export const WEBHOOK_PATH = "/api/webhooks/stripe";

/** The endpoint URL for the app's public base URL (`https://billing.example.com` → …/api/webhooks/stripe). */
export function webhookEndpointUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (!url.pathname.endsWith(WEBHOOK_PATH)) url.pathname = `${url.pathname.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
  return url.toString();
}

export type EndpointCheck = {
  /** Handled types the endpoint does not receive: their effects never happen. */
  missing: string[];
  /** Types it receives that the app acknowledges and ignores (harmless, but wasted deliveries). */
  extra: string[];
  /** Set when the endpoint renders events in another API version than the SDK's. */
  apiVersion: string | null;
  ok: boolean;
};

/** Compares an endpoint with what the app needs. `api_version: null` means the account default: not pinned. */
export function checkWebhookEndpoint(endpoint: Pick<Stripe.WebhookEndpoint, "enabled_events" | "api_version">): EndpointCheck {
  const enabled = new Set(endpoint.enabled_events);
  const handled = new Set<string>(HANDLED_EVENT_TYPES);
  const missing = enabled.has("*") ? [] : [...handled].filter((type) => !enabled.has(type));
  const extra = [...enabled].filter((type) => !handled.has(type));
  const apiVersion = endpoint.api_version === STRIPE_API_VERSION ? null : (endpoint.api_version ?? "account default");
  return { missing, extra, apiVersion, ok: missing.length === 0 && apiVersion === null };
}

/** The endpoint for `url`; while an old-version one is being replaced there are two, and the pinned one counts. */
export async function findWebhookEndpoint(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint | null> {
  const matches: Stripe.WebhookEndpoint[] = [];
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === url) matches.push(endpoint);
  }
  return matches.find((endpoint) => endpoint.api_version === STRIPE_API_VERSION) ?? matches[0] ?? null;
}

export type EndpointSync = {
  endpoint: Stripe.WebhookEndpoint;
  action: "created" | "updated" | "unchanged" | "replaced";
  /** The signing secret: Stripe shows it once, when the endpoint is created. */
  secret: string | null;
  /** The endpoint left in place when another API version forced a new one (delete it once the secret is rolled). */
  replaced: Stripe.WebhookEndpoint | null;
};

/**
 * Creates the endpoint for `url`, or brings an existing one to exactly the handled types. Stripe cannot change an
 * endpoint's API version, so an endpoint on another version is replaced by a new one (new secret); the old one is
 * left for the caller to delete once the new secret is deployed (`replaceOld: "delete"` deletes it at once).
 */
export async function syncWebhookEndpoint(
  stripe: Stripe,
  url: string,
  options: { replaceOld?: "keep" | "delete"; idempotencyKey?: string } = {},
): Promise<EndpointSync> {
  const enabled_events = [...HANDLED_EVENT_TYPES];
  const existing = await findWebhookEndpoint(stripe, url);
  if (existing && existing.api_version === STRIPE_API_VERSION) {
    const check = checkWebhookEndpoint(existing);
    if (check.missing.length === 0 && check.extra.length === 0 && existing.status === "enabled") {
      return { endpoint: existing, action: "unchanged", secret: null, replaced: null };
    }
    const endpoint = await stripe.webhookEndpoints.update(existing.id, { enabled_events, disabled: false });
    return { endpoint, action: "updated", secret: null, replaced: null };
  }
  const created = await stripe.webhookEndpoints.create({
    url,
    enabled_events,
    api_version: STRIPE_API_VERSION,
    description: "Asset Anchor Billing (npm run stripe:webhook-endpoint)",
  });
  if (existing && options.replaceOld === "delete") await stripe.webhookEndpoints.del(existing.id);
  return {
    endpoint: created,
    action: existing ? "replaced" : "created",
    secret: created.secret ?? null,
    replaced: existing && options.replaceOld !== "delete" ? existing : null,
  };
}
