// Contract: the account around the objects. Each webhook endpoint receives only its enabled_events, rendered in
// its own api_version, or the account's default version when it has none; the Events API renders in the account
// default; an unknown version is refused. The older shape modelled is 2025-02-24.acacia's invoice and subscription
// (before 2025-03-31.basil moved the subscription link under `parent` and the period onto items).

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

let t: ContractTarget;
let stripe: Stripe;
let server: Server;
let base = "";
const received = new Map<string, Stripe.Event[]>();
const secrets = new Map<string, string>();
const verifier = new Stripe("sk_test_verify", { telemetry: false });

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      try {
        const event = verifier.webhooks.constructEvent(Buffer.concat(chunks).toString("utf8"), String(req.headers["stripe-signature"] ?? ""), secrets.get(path) ?? "");
        received.set(path, [...(received.get(path) ?? []), event]);
        res.statusCode = 200;
      } catch {
        res.statusCode = 400;
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopContractTarget(t);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function endpoint(path: string, params: Omit<Stripe.WebhookEndpointCreateParams, "url">): Promise<Stripe.WebhookEndpoint> {
  const created = await stripe.webhookEndpoints.create({ url: `${base}${path}`, ...params });
  secrets.set(path, created.secret ?? "");
  return created;
}

async function setAccountVersion(version: string): Promise<void> {
  if (!t.local) return;
  const res = await fetch(`${t.local.url}/_local/account`, { method: "POST", body: new URLSearchParams({ api_version: version }) });
  expect(res.status).toBe(200);
}

describe("the account: endpoints, versions", () => {
  it("renders each endpoint's copy in its api_version, the account default for one without, and filters by enabled_events", async () => {
    if (!t.local) return;
    await setAccountVersion("2025-02-24.acacia");
    const pinned = await endpoint("/pinned", { enabled_events: ["invoice.paid", "customer.subscription.created"], api_version: "2026-10-28.endive" });
    const old = await endpoint("/old", { enabled_events: ["invoice.paid", "customer.subscription.created"], api_version: "2025-02-24.acacia" });
    const unversioned = await endpoint("/default", { enabled_events: ["customer.subscription.created"] });
    try {
      const customer = await stripe.customers.create({ email: "versions@example.com" });
      const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
      const product = await stripe.products.create({ name: "Versioned" });
      const price = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd", recurring: { interval: "month" } });
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
      await t.local.waitForDeliveries();

      // Only the subscribed types, nothing else the story emitted (customer.created, charge.succeeded, …).
      expect(received.get("/pinned")?.map((e) => e.type).sort()).toEqual(["customer.subscription.created", "invoice.paid"]);
      expect(received.get("/default")?.map((e) => e.type)).toEqual(["customer.subscription.created"]);

      const pinnedInvoice = received.get("/pinned")?.find((e) => e.type === "invoice.paid");
      const oldInvoice = received.get("/old")?.find((e) => e.type === "invoice.paid");
      expect(pinnedInvoice?.api_version).toBe("2026-10-28.endive");
      expect((pinnedInvoice?.data.object as Stripe.Invoice).parent?.subscription_details?.subscription).toBe(sub.id);
      expect(oldInvoice?.id).toBe(pinnedInvoice?.id);
      expect(oldInvoice?.api_version).toBe("2025-02-24.acacia");
      expect(oldInvoice?.data.object).not.toHaveProperty("parent");
      expect(oldInvoice?.data.object).toMatchObject({ subscription: sub.id, paid: true });

      for (const path of ["/old", "/default"]) {
        const created = received.get(path)?.find((e) => e.type === "customer.subscription.created");
        expect(created?.api_version, path).toBe("2025-02-24.acacia");
        const object = created?.data.object as Stripe.Subscription & { current_period_start?: number };
        expect(object.current_period_start, path).toBe(sub.items.data[0]?.current_period_start);
        expect(object.items.data[0], path).not.toHaveProperty("current_period_start");
      }

      // The Events API renders in the account's default version whatever the request's Stripe-Version.
      const listed = await stripe.events.list({ type: "invoice.paid", limit: 1 });
      expect(listed.data[0]?.api_version).toBe("2025-02-24.acacia");
      expect(listed.data[0]?.data.object).toHaveProperty("subscription", sub.id);
      await setAccountVersion("2026-10-28.endive");
      const again = await stripe.events.retrieve(listed.data[0]?.id ?? "");
      expect((again.data.object as Stripe.Invoice).parent?.subscription_details?.subscription).toBe(sub.id);
    } finally {
      await setAccountVersion("2026-10-28.endive");
      for (const e of [pinned, old, unversioned]) await stripe.webhookEndpoints.del(e.id);
    }
  });

  it("refuses an unknown API version for an endpoint", async () => {
    const err = (await stripe.webhookEndpoints
      .create({ url: `${base}/bad`, enabled_events: ["*"], api_version: "2099-01-01.nope" as Stripe.WebhookEndpointCreateParams.ApiVersion })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe("api_version");
  });
});
