import "server-only";
import { getEnv } from "@/lib/env";
import { findOwnWebhookEndpoint } from "@/lib/stripe/find-own-webhook-endpoint";
import { checkWebhookEndpoint, webhookEndpointUrl, type EndpointCheck } from "@/lib/stripe/webhook-endpoint";

export type WebhookEndpointStatus =
  | { state: "ok"; url: string; endpointId: string; check: EndpointCheck }
  | { state: "drift"; url: string; endpointId: string; check: EndpointCheck }
  | { state: "missing"; url: string }
  | { state: "unreachable"; url: string; error: string };

/**
 * The endpoint Stripe delivers this app's events to (matched by the public URL), read from Stripe and compared
 * with the handled types and the pinned API version. Drift here means lost effects or misread payloads.
 */
export async function getWebhookEndpointStatus(): Promise<WebhookEndpointStatus> {
  const url = webhookEndpointUrl(getEnv().NEXTAUTH_URL);
  try {
    const endpoint = await findOwnWebhookEndpoint(url);
    if (!endpoint) return { state: "missing", url };
    const check = checkWebhookEndpoint(endpoint);
    return { state: check.ok && endpoint.status === "enabled" ? "ok" : "drift", url, endpointId: endpoint.id, check };
  } catch (error) {
    return { state: "unreachable", url, error: (error as Error).message.slice(0, 200) };
  }
}
