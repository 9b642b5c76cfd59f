// Contract: events and signed webhook delivery (forward target and webhook endpoints), retries after a
// failure, manual resend, and the seeded chaos mode. Emulator-only except the events API checks.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

interface Received {
  event: Stripe.Event;
  path: string;
}

/** A webhook receiver that verifies every delivery with the SDK and can be told to fail. */
async function startReceiver(secret: (path: string) => string) {
  const received: Received[] = [];
  const failures: string[] = [];
  let failNext = 0;
  const verifier = new Stripe("sk_test_verify", { telemetry: false });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        const event = verifier.webhooks.constructEvent(body, String(req.headers["stripe-signature"] ?? ""), secret(req.url ?? "/"));
        if (failNext > 0) {
          failNext--;
          res.statusCode = 500;
          res.end("boom");
          return;
        }
        received.push({ event, path: req.url ?? "/" });
        res.statusCode = 200;
        res.end("{}");
      } catch (err) {
        failures.push(String(err));
        res.statusCode = 400;
        res.end("bad signature");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/webhook") => `http://127.0.0.1:${port}${path}`,
    received,
    failures,
    failNext: (n: number) => {
      failNext = n;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let t: ContractTarget;
let stripe: Stripe;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

let endpointSecret = "";

beforeAll(async () => {
  let secret = "";
  receiver = await startReceiver((path) => (path === "/endpoint" ? endpointSecret : secret));
  t = await startContractTarget({ webhook: { url: receiver.url() } });
  secret = t.local?.webhookSecret ?? "";
  stripe = t.stripe;
});
afterAll(async () => {
  await stopContractTarget(t);
  await receiver.stop();
});
afterEach(async () => {
  await t.local?.waitForDeliveries();
  t.local?.configureWebhook({ chaos: null, url: receiver.url() });
});

describe("events API", () => {
  it("records events with ids, request info and previous_attributes", async () => {
    const customer = await stripe.customers.create({ email: "ev@example.com" }, { idempotencyKey: "evt-key-1" });
    await stripe.customers.update(customer.id, { name: "Renamed" });
    const created = await stripe.events.list({ type: "customer.created", limit: 5 });
    const ev: Stripe.Event | undefined = created.data.find((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(ev?.id).toMatch(/^evt_/);
    expect(ev?.api_version).toBe("2026-10-28.endive");
    expect(ev?.request?.idempotency_key).toBe("evt-key-1");
    expect(ev?.request?.id).toMatch(/^req_/);
    const updated = await stripe.events.list({ types: ["customer.updated"], limit: 5 });
    const up = updated.data.find((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(up?.data.previous_attributes).toEqual({ name: null });
    const again = await stripe.events.retrieve(ev?.id ?? "");
    expect(again.id).toBe(ev?.id);
    const recent = await stripe.events.list({ created: { gt: (ev?.created ?? 0) - 1 }, limit: 100 });
    expect(recent.data.some((e) => e.id === ev?.id)).toBe(true);
  });
});

describe("webhook delivery", () => {
  it("delivers every event signed, in creation order, verified by constructEvent", async () => {
    if (!t.local) return;
    const before = receiver.received.length;
    const customer = await stripe.customers.create({ email: "hook@example.com" });
    await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { name: "Hooked" });
    await t.local.waitForDeliveries();
    const got = receiver.received.slice(before).map((r) => r.event.type);
    expect(got).toEqual(["customer.created", "payment_method.attached", "customer.updated"]);
    expect(receiver.failures).toEqual([]);
    const ev = await stripe.events.retrieve(receiver.received[before]?.event.id ?? "");
    expect(ev.pending_webhooks).toBe(0);
  });

  it("retries a failed delivery with a fresh signature and supports manual resend", async () => {
    if (!t.local) return;
    receiver.failNext(1);
    const before = receiver.received.length;
    const customer = await stripe.customers.create({ email: "retry@example.com" });
    await t.local.waitForDeliveries();
    const got = receiver.received.slice(before);
    expect(got.map((r) => r.event.type)).toEqual(["customer.created"]);
    const attempts = t.local.deliveries().filter((d) => d.event === got[0]?.event.id);
    expect(attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(attempts[1]?.attempt).toBe(2);
    const res = await fetch(`${t.local.url}/_local/events/${got[0]?.event.id}/resend`, { method: "POST" });
    expect(res.status).toBe(200);
    await t.local.waitForDeliveries();
    expect(receiver.received.filter((r) => r.event.id === got[0]?.event.id)).toHaveLength(2);
    expect((got[0]?.event.data.object as Stripe.Customer).id).toBe(customer.id);
  });

  it("delivers to webhook endpoints with their own secret and event filter", async () => {
    if (!t.local) return;
    const endpoint: Stripe.WebhookEndpoint = await stripe.webhookEndpoints.create({ url: receiver.url("/endpoint"), enabled_events: ["product.created"] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    endpointSecret = endpoint.secret ?? "";
    const before = receiver.received.length;
    const product = await stripe.products.create({ name: "Hooked product" });
    await stripe.customers.create({ email: "not-for-endpoint@example.com" });
    await t.local.waitForDeliveries();
    const atEndpoint = receiver.received.slice(before).filter((r) => r.path === "/endpoint");
    expect(atEndpoint.map((r) => r.event.type)).toEqual(["product.created"]);
    expect((atEndpoint[0]?.event.data.object as Stripe.Product).id).toBe(product.id);
    expect(receiver.failures).toEqual([]);
    await stripe.webhookEndpoints.del(endpoint.id);
  });

  it("chaos mode duplicates and reorders deliveries, and a paused run replays exactly from its seed", async () => {
    if (!t.local) return;
    const run = async () => {
      // Paused while the events are created, so the seeded choices see the same queue each time.
      t.local?.configureWebhook({ paused: true, chaos: { seed: 7, duplicateRate: 0.5, reorderWindow: 4, maxDelayMs: 3 } });
      const before = receiver.received.length;
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push((await stripe.products.create({ name: `chaos ${i}` })).id);
      t.local?.configureWebhook({ paused: false });
      await t.local?.waitForDeliveries();
      t.local?.configureWebhook({ chaos: null });
      return receiver.received.slice(before).map((r) => ids.indexOf((r.event.data.object as Stripe.Product).id));
    };
    const first = await run();
    expect(new Set(first).size).toBe(8);
    expect(first.length).toBeGreaterThan(8);
    expect(first).not.toEqual([...first].sort((a, b) => a - b));
    expect(await run()).toEqual(first);
    expect(receiver.failures).toEqual([]);
  });

  it("is configured at run time through /_local/webhook and logs deliveries at /_local/deliveries", async () => {
    if (!t.local) return;
    const set = await fetch(`${t.local.url}/_local/webhook`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ url: receiver.url("/configured"), retrySchedule: [10, 20] }),
    });
    const config = (await set.json()) as { url: string; secret: string; retrySchedule: number[] };
    expect(config).toMatchObject({ url: receiver.url("/configured"), retrySchedule: [10, 20] });
    expect(config.secret).toBe(t.local.webhookSecret);
    const product = await stripe.products.create({ name: "configured" });
    await t.local.waitForDeliveries();
    const event = receiver.received.find((r) => (r.event.data.object as Stripe.Product).id === product.id);
    expect(event?.path).toBe("/configured");
    const log = (await (await fetch(`${t.local.url}/_local/deliveries?event=${event?.event.id}`)).json()) as { data: { ok: boolean; url: string }[] };
    expect(log.data).toEqual([expect.objectContaining({ ok: true, url: receiver.url("/configured") })]);
  });

  it("spreads chaos deliveries across several targets", async () => {
    if (!t.local) return;
    t.local.configureWebhook({ chaos: { seed: 3, targets: [receiver.url("/a"), receiver.url("/b")] } });
    const before = receiver.received.length;
    for (let i = 0; i < 10; i++) await stripe.products.create({ name: `spread ${i}` });
    await t.local.waitForDeliveries();
    const paths = new Set(receiver.received.slice(before).map((r) => r.path));
    expect(paths).toEqual(new Set(["/a", "/b"]));
  });
});
