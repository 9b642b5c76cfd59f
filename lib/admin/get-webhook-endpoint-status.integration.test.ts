// The admin Webhooks page's endpoint check, read from Stripe (the emulator through the real SDK), and the warning
// it renders.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookEndpointNotice } from "@/components/admin/webhook-endpoint-notice";
import { getStripe } from "@/lib/stripe/client";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/event-registry";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import { getWebhookEndpointStatus } from "./get-webhook-endpoint-status";

let emulator: StripeLocal;
const URL = "https://billing.example.test/api/webhooks/stripe";

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  process.env.STRIPE_API_URL = emulator.url;
  process.env.NEXTAUTH_URL = "https://billing.example.test";
});

afterAll(async () => {
  await emulator.stop();
});

describe("getWebhookEndpointStatus", () => {
  it("warns when no endpoint is configured for the app's URL", async () => {
    const status = await getWebhookEndpointStatus();
    expect(status).toEqual({ state: "missing", url: URL });
    expect(renderToStaticMarkup(WebhookEndpointNotice({ status }))).toContain("No Stripe webhook endpoint is configured");
  });

  it("flags an endpoint that lacks a handled type, naming it, and one on another version", async () => {
    const enabled = HANDLED_EVENT_TYPES.filter((type) => type !== "invoice_payment.paid");
    const endpoint = await getStripe().webhookEndpoints.create({ url: URL, enabled_events: [...enabled], api_version: "2025-02-24.acacia" });
    const status = await getWebhookEndpointStatus();
    expect(status.state).toBe("drift");
    const html = renderToStaticMarkup(WebhookEndpointNotice({ status }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("does not receive: invoice_payment.paid");
    expect(html).toContain("renders events in API 2025-02-24.acacia");
    await getStripe().webhookEndpoints.del(endpoint.id);
  });

  it("shows no warning for exactly the handled types at the pinned version", async () => {
    await getStripe().webhookEndpoints.create({ url: URL, enabled_events: [...HANDLED_EVENT_TYPES], api_version: STRIPE_API_VERSION });
    const status = await getWebhookEndpointStatus();
    expect(status.state).toBe("ok");
    expect(renderToStaticMarkup(WebhookEndpointNotice({ status }))).not.toContain("alert");
  });
});
