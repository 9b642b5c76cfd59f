// The production server's webhook fast path (server/webhook-transport.mjs) over real HTTP: a node:http server
// hands deliveries to the route's own handler (`acceptStripeDelivery`, exported by app/api/webhooks/stripe/route.ts)
// on the real database, signed by the real SDK. The same rules as through Next: 400/413, secret rotation, exactly
// once, answers and headers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptStripeDelivery } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { eventOf, subscriptionObject } from "@/testing/webhooks/fixtures";
import { uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { isWebhookDelivery, serveWebhook, WEBHOOK_PATH } from "@/server/webhook-transport.mjs";

const previousSecret = "whsec_previoussecretbeingrolled0000000";
const signer = new Stripe("sk_test_signer", { telemetry: false });
const extraHeaders = (answer: { body: string | null } | null) => ({ vary: answer?.body ? "rsc, Accept-Encoding" : "rsc" });
const errors: unknown[] = [];
let server: http.Server;
let port = 0;

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS ||= previousSecret;
  server = http.createServer((req, res) => {
    if (isWebhookDelivery(req)) void serveWebhook(acceptStripeDelivery, req, res, extraHeaders, (error) => errors.push(error));
    else res.writeHead(404).end("not the fast path");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await getDb().$disconnect();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request on its own connection. `chunked`: no Content-Length, the body in 64 KiB chunks. */
function send(
  body: string,
  options: { signature?: string | null; secret?: string; chunked?: boolean; path?: string; method?: string; agent?: http.Agent } = {},
): Promise<Answer> {
  const secret = options.secret ?? process.env.STRIPE_WEBHOOK_SECRET ?? "";
  const signature =
    options.signature === undefined ? signer.webhooks.generateTestHeaderString({ payload: body, secret }) : options.signature;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (signature !== null) headers["stripe-signature"] = signature;
  if (!options.chunked) headers["content-length"] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: options.method ?? "POST", path: options.path ?? WEBHOOK_PATH, headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (options.chunked) {
      const bytes = Buffer.from(body);
      for (let offset = 0; offset < bytes.length; offset += 64 * 1024) req.write(bytes.subarray(offset, offset + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

async function createTenant() {
  const customer = uniqueId("cus");
  const tenant = await getDb().tenant.create({ data: { name: "Acme", slug: uniqueId("acme"), stripeCustomerId: customer } });
  return { tenantId: tenant.id, customer };
}

describe("production server: which requests take the webhook fast path", () => {
  it("takes only POST to the exact path, with or without a query string", () => {
    const req = (method: string, url: string) => ({ method, url }) as http.IncomingMessage;
    expect(isWebhookDelivery(req("POST", "/api/webhooks/stripe"))).toBe(true);
    expect(isWebhookDelivery(req("POST", "/api/webhooks/stripe?attempt=2"))).toBe(true);
    expect(isWebhookDelivery(req("GET", "/api/webhooks/stripe"))).toBe(false);
    expect(isWebhookDelivery(req("POST", "/api/webhooks/stripe/"))).toBe(false);
    expect(isWebhookDelivery(req("POST", "/api/webhooks/stripe-other"))).toBe(false);
    expect(isWebhookDelivery(req("POST", "/api/webhooks"))).toBe(false);
  });
});

describe("production server: POST /api/webhooks/stripe over HTTP", () => {
  it("applies a delivery once: 200 processed with an empty body, then 200 duplicate", async () => {
    const { tenantId, customer } = await createTenant();
    const event = eventOf("customer.subscription.created", subscriptionObject({ customer, status: "active" }));
    const body = JSON.stringify(event);
    const first = await send(body);
    expect(first).toMatchObject({ status: 200, body: "" });
    expect(first.headers["webhook-outcome"]).toBe("processed");
    expect(first.headers["content-length"]).toBe("0");
    expect(first.headers.vary).toBe("rsc");
    const second = await send(body);
    expect(second.status).toBe(200);
    expect(second.headers["webhook-outcome"]).toBe("duplicate");
    const ledger = await getDb().webhookEvent.findUnique({ where: { id: event.id } });
    expect(ledger).toMatchObject({ status: "processed", attempts: 1, tenantId });
    expect(await getDb().subscription.count({ where: { stripeSubscriptionId: event.data.object.id, status: "active" } })).toBe(1);
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(1);
  });

  it("applies the same event sent 8 times at once exactly once", async () => {
    const { customer } = await createTenant();
    const event = eventOf("customer.subscription.updated", subscriptionObject({ customer, status: "past_due" }));
    const body = JSON.stringify(event);
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.filter((a) => a.headers["webhook-outcome"] === "processed")).toHaveLength(1);
    expect(await getDb().auditLog.count({ where: { actor: `stripe:${event.id}` } })).toBe(1);
  });

  it("answers 400 with the route's JSON error and writes nothing without a valid signature", async () => {
    const { customer } = await createTenant();
    const event = eventOf("customer.subscription.updated", subscriptionObject({ customer, status: "active" }));
    const body = JSON.stringify(event);
    const missing = await send(body, { signature: null });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toEqual({ error: expect.stringMatching(/signature/i) });
    expect(missing.headers["content-type"]).toMatch(/application\/json/);
    expect(missing.headers.vary).toBe("rsc, Accept-Encoding");
    expect((await send(body, { secret: "whsec_someoneelse000000000000000000" })).status).toBe(400);
    expect(await getDb().webhookEvent.findUnique({ where: { id: event.id } })).toBeNull();
  });

  it("accepts the previous secret while a secret is being rolled", async () => {
    const { customer } = await createTenant();
    const event = eventOf("customer.subscription.updated", subscriptionObject({ customer, status: "active" }));
    const answer = await send(JSON.stringify(event), { secret: process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS ?? previousSecret });
    expect(answer.status).toBe(200);
    expect((await getDb().webhookEvent.findUnique({ where: { id: event.id } }))?.status).toBe("processed");
  });

  it("answers 413 to a 2 MiB body, declared or chunked, and the connection still serves the next delivery", async () => {
    const big = JSON.stringify({ id: "evt_transport_big", padding: "x".repeat(2 * 1024 * 1024) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const declared = await send(big, { agent });
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body)).toEqual({ error: "Payload too large" });
      const chunked = await send(big, { agent, chunked: true });
      expect(chunked.status).toBe(413);
      const { customer } = await createTenant();
      const event = eventOf("customer.subscription.created", subscriptionObject({ customer, status: "active" }));
      expect((await send(JSON.stringify(event), { agent })).status).toBe(200);
    } finally {
      agent.destroy();
    }
    expect(await getDb().webhookEvent.findUnique({ where: { id: "evt_transport_big" } })).toBeNull();
  });

  it("reads a body sent in many chunks without a Content-Length", async () => {
    const { customer } = await createTenant();
    const event = eventOf("customer.subscription.created", {
      ...subscriptionObject({ customer, status: "active" }),
      metadata: { note: "y".repeat(300 * 1024) },
    } as never);
    const answer = await send(JSON.stringify(event), { chunked: true });
    expect(answer.status).toBe(200);
    expect(answer.headers["webhook-outcome"]).toBe("processed");
    expect(errors).toEqual([]);
  });
});
