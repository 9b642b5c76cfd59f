// The endpoint-as-code command's logic against the emulator through the real SDK: create, no-op, repair, replace.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/event-registry";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import { STRIPE_API_VERSION } from "./api-version";
import { checkWebhookEndpoint, syncWebhookEndpoint } from "./webhook-endpoint";

let emulator: StripeLocal;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  stripe = new Stripe("sk_test_endpoint", { apiVersion: STRIPE_API_VERSION, telemetry: false, host: "127.0.0.1", port: emulator.port, protocol: "http" });
});

afterAll(async () => {
  await emulator.stop();
});

describe("syncWebhookEndpoint", () => {
  const url = "https://billing.example.com/api/webhooks/stripe";

  it("creates the endpoint with exactly the handled types at the pinned version, secret shown once", async () => {
    const created = await syncWebhookEndpoint(stripe, url);
    expect(created.action).toBe("created");
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint.api_version).toBe(STRIPE_API_VERSION);
    expect([...created.endpoint.enabled_events].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());

    const again = await syncWebhookEndpoint(stripe, url);
    expect(again).toMatchObject({ action: "unchanged", secret: null });
    expect(again.endpoint.id).toBe(created.endpoint.id);
  });

  it("repairs an endpoint someone trimmed in the Dashboard, keeping its secret", async () => {
    const { endpoint } = await syncWebhookEndpoint(stripe, url);
    await stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ["invoice.paid", "customer.created"] });
    expect(checkWebhookEndpoint(await stripe.webhookEndpoints.retrieve(endpoint.id)).missing).toContain("invoice_payment.paid");
    const repaired = await syncWebhookEndpoint(stripe, url);
    expect(repaired).toMatchObject({ action: "updated", secret: null });
    expect(checkWebhookEndpoint(repaired.endpoint)).toMatchObject({ ok: true, extra: [] });
  });

  it("replaces an endpoint on another API version (Stripe cannot change it) and keeps the old until told", async () => {
    const oldUrl = "https://old.example.com/api/webhooks/stripe";
    const old = await stripe.webhookEndpoints.create({ url: oldUrl, enabled_events: ["*"], api_version: "2025-02-24.acacia" });
    const replaced = await syncWebhookEndpoint(stripe, oldUrl);
    expect(replaced.action).toBe("replaced");
    expect(replaced.replaced?.id).toBe(old.id);
    expect(replaced.secret).toMatch(/^whsec_/);
    const urls = (await stripe.webhookEndpoints.list()).data.filter((e) => e.url === oldUrl);
    expect(urls).toHaveLength(2);
    // The next run finds the pinned one and leaves things alone; --delete-old then removes the old one.
    expect(await syncWebhookEndpoint(stripe, oldUrl)).toMatchObject({ action: "unchanged" });
  });
});
