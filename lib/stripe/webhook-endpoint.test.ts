import { describe, expect, it } from "vitest";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/event-registry";
import { STRIPE_API_VERSION } from "./api-version";
import { checkWebhookEndpoint, webhookEndpointUrl } from "./webhook-endpoint";

describe("checkWebhookEndpoint", () => {
  it("passes an endpoint with exactly the handled types at the pinned version", () => {
    expect(checkWebhookEndpoint({ enabled_events: [...HANDLED_EVENT_TYPES], api_version: STRIPE_API_VERSION })).toEqual({
      missing: [],
      extra: [],
      apiVersion: null,
      ok: true,
    });
  });

  it("flags an endpoint missing a handled type", () => {
    const enabled = HANDLED_EVENT_TYPES.filter((type) => type !== "invoice_payment.paid");
    const check = checkWebhookEndpoint({ enabled_events: enabled, api_version: STRIPE_API_VERSION });
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual(["invoice_payment.paid"]);
  });

  it("flags another API version and the account default", () => {
    const all = [...HANDLED_EVENT_TYPES];
    expect(checkWebhookEndpoint({ enabled_events: all, api_version: "2025-02-24.acacia" })).toMatchObject({ ok: false, apiVersion: "2025-02-24.acacia" });
    expect(checkWebhookEndpoint({ enabled_events: all, api_version: null })).toMatchObject({ ok: false, apiVersion: "account default" });
  });

  it("accepts `*` for the events but reports nothing missing", () => {
    expect(checkWebhookEndpoint({ enabled_events: ["*"], api_version: STRIPE_API_VERSION })).toMatchObject({ ok: true, missing: [], extra: ["*"] });
  });
});

describe("webhookEndpointUrl", () => {
  it("appends the route to a public base URL once", () => {
    expect(webhookEndpointUrl("https://billing.example.com")).toBe("https://billing.example.com/api/webhooks/stripe");
    expect(webhookEndpointUrl("https://billing.example.com/")).toBe("https://billing.example.com/api/webhooks/stripe");
    expect(webhookEndpointUrl("https://billing.example.com/api/webhooks/stripe")).toBe("https://billing.example.com/api/webhooks/stripe");
  });
});
