// Contract: wire format, errors, auth, pagination, expand and idempotency, through the official SDK and fetch.

import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

let t: ContractTarget;
let stripe: Stripe;

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
});
afterAll(() => stopContractTarget(t));

const emulatorOnly = () => t.mode === "emulator";

function apiBase(): string {
  return t.local ? t.local.url : "https://api.stripe.com";
}

async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${apiBase()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${t.secretKey}`, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  const text = await res.text();
  let json: { error?: { type?: string; code?: string; param?: string; message?: string } } & Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // non-JSON bodies fail the assertions below
  }
  return { status: res.status, headers: res.headers, json };
}

describe("errors and auth", () => {
  it("answers 404 resource_missing for an unknown id, with Stripe's wording", async () => {
    const err = await stripe.customers.retrieve("cus_doesnotexist").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const e = err as Stripe.errors.StripeInvalidRequestError;
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe("resource_missing");
    expect(e.message).toBe("No such customer: 'cus_doesnotexist'");
    expect(e.requestId).toMatch(/^req_/);
  });

  it("answers 400 parameter_unknown with the param", async () => {
    const r = await raw("POST", "/v1/customers", "emali=x%40y.z");
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe("parameter_unknown");
    expect(r.json.error?.param).toBe("emali");
  });

  it("answers 400 parameter_missing with the param", async () => {
    const err = (await stripe.prices.create({ currency: "usd", unit_amount: 100 } as Stripe.PriceCreateParams).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("parameter_missing");
    expect(err.param).toBe("product");
  });

  it("rejects a request without a key (401) and a live key with a clear message", async () => {
    const none = await fetch(`${apiBase()}/v1/customers`);
    expect(none.status).toBe(401);
    if (!emulatorOnly()) return;
    const live = new Stripe("sk_live_123", { host: "127.0.0.1", port: t.local?.port, protocol: "http", telemetry: false, maxNetworkRetries: 0 });
    const err = (await live.customers.list().catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.message).toMatch(/refuses live-mode keys/);
  });

  it("sends Request-Id and Stripe-Version headers", async () => {
    const r = await raw("GET", "/v1/customers?limit=1", undefined, { "Stripe-Version": "2026-10-28.endive" });
    expect(r.status).toBe(200);
    expect(r.headers.get("request-id")).toMatch(/^req_/);
    expect(r.headers.get("stripe-version")).toBe("2026-10-28.endive");
  });
});

describe("lists and expand", () => {
  it("paginates with limit, starting_after, ending_before and has_more", async () => {
    const tag = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email: `${tag}-${i}@example.com` })).id);
    const newestFirst = [...ids].reverse();
    const page1 = await stripe.customers.list({ limit: 2 });
    expect(page1.object).toBe("list");
    expect(page1.has_more).toBe(true);
    expect(page1.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    const page2 = await stripe.customers.list({ limit: 2, starting_after: newestFirst[1] });
    expect(page2.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    const back = await stripe.customers.list({ limit: 2, ending_before: newestFirst[2] });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    const byEmail = await stripe.customers.list({ email: `${tag}-3@example.com` });
    expect(byEmail.data.map((c) => c.id)).toEqual([ids[3]]);
  });

  it("filters prices by lookup_keys[] and expands the product", async () => {
    const key = `pro_${randomUUID().slice(0, 8)}`;
    const product = await stripe.products.create({ name: "Pro" });
    const price: Stripe.Price = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd", recurring: { interval: "month" }, lookup_key: key });
    const list = await stripe.prices.list({ lookup_keys: [key], expand: ["data.product"] });
    expect(list.data).toHaveLength(1);
    expect(list.data[0]?.id).toBe(price.id);
    expect((list.data[0]?.product as Stripe.Product).name).toBe("Pro");
  });

  it("expands nested paths up to four levels and refuses five", async () => {
    const customer = await stripe.customers.create({ email: "expand@example.com" });
    const price = await stripe.prices.create({ product_data: { name: "Expand" }, unit_amount: 700, currency: "usd", recurring: { interval: "month" } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      expand: ["latest_invoice.confirmation_secret", "customer"],
    });
    expect((sub.customer as Stripe.Customer).email).toBe("expand@example.com");
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv.confirmation_secret?.type).toBe("payment_intent");
    expect(inv.confirmation_secret?.client_secret).toMatch(/^pi_\w+_secret_\w+$/);
    const deep = await stripe.invoices.retrieve(inv.id ?? "", { expand: ["payments.data.payment.payment_intent"] });
    const ip = deep.payments?.data[0];
    expect((ip?.payment.payment_intent as Stripe.PaymentIntent).client_secret).toBe(inv.confirmation_secret?.client_secret);
    const tooDeep = (await stripe.subscriptions
      .retrieve(sub.id, { expand: ["latest_invoice.payments.data.payment.payment_intent"] })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(tooDeep.statusCode).toBe(400);
  });
});

describe("idempotency", () => {
  it("replays the saved response for the same key and parameters", async () => {
    const key = randomUUID();
    const a = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const b = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    const r = await raw("POST", "/v1/customers", "email=idem%40example.com", { "Idempotency-Key": key });
    expect(r.json.id).toBe(a.id);
    expect(r.headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses the same key with different parameters (400 idempotency_error)", async () => {
    const key = randomUUID();
    await stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: key });
    const err = await stripe.customers.create({ email: "two@example.com" }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
  });

  it("replays a 402 decline without charging again", async () => {
    const key = randomUUID();
    const params: Stripe.PaymentIntentCreateParams = { amount: 1000, currency: "usd", payment_method: "pm_card_visa_chargeDeclined", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } };
    const first = (await stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const second = (await stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(first.statusCode).toBe(402);
    expect(second.statusCode).toBe(402);
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    if (emulatorOnly()) expect(second.headers?.["idempotent-replayed"]).toBe("true");
  });

  it("does not save parameter-validation failures", async () => {
    const key = randomUUID();
    const bad = await raw("POST", "/v1/customers", "nope=1", { "Idempotency-Key": key });
    expect(bad.status).toBe(400);
    const good = await raw("POST", "/v1/customers", "email=later%40example.com", { "Idempotency-Key": key });
    expect(good.status).toBe(200);
  });
});

describe("bad input never breaks the server", () => {
  it("answers malformed bodies with 400", async () => {
    for (const body of ["%E0%A4%A", "a[b=1", "a=1&a[b]=2", "items[0]]=x", "[x]=1"]) {
      const r = await raw("POST", "/v1/customers", body);
      expect(r.status, body).toBe(400);
      expect(r.json.error?.type).toBe("invalid_request_error");
    }
  });

  it("answers a malformed URL with 400 and an oversized body with 413, then keeps serving", async () => {
    if (!emulatorOnly()) return;
    expect((await raw("GET", "/v1/customers/%E0%A4%A")).status).toBe(400);
    expect((await raw("GET", "/_local/3ds/payment_intents/%E0%A4%A")).status).toBe(400);
    const big = await raw("POST", "/v1/customers", `description=${"x".repeat(2 * 1024 * 1024)}`);
    expect(big.status).toBe(413);
    expect((await raw("GET", "/v1/customers?limit=1")).status).toBe(200);
  });

  it("survives random form bodies on every route (fuzz)", async () => {
    if (!emulatorOnly()) return;
    const paths = [
      "/v1/customers", "/v1/customers/cus_x", "/v1/products", "/v1/prices", "/v1/payment_methods", "/v1/payment_methods/pm_x/attach",
      "/v1/payment_intents", "/v1/payment_intents/pi_x/confirm", "/v1/setup_intents", "/v1/subscriptions", "/v1/subscriptions/sub_x",
      "/v1/invoices/create_preview", "/v1/invoices/in_x/pay", "/v1/refunds", "/v1/checkout/sessions", "/v1/billing_portal/sessions",
      "/v1/test_helpers/test_clocks", "/v1/webhook_endpoints", "/v1/events", "/v1/charges", "/_local/webhook", "/_local/payment_intents/pi_x/3ds",
    ];
    const keys = ["customer", "items", "amount", "currency", "price", "expand", "metadata", "card", "payment_method", "mode", "line_items", "limit", "a", ""];
    const values = ["", "1", "-1", "abc", "%00", "9999999999999999999", "true", "pi_x", "%ZZ", "[]", "🙂", "sub_x"];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T,>(xs: T[]) => xs[rnd(xs.length)] as T;
    for (let i = 0; i < 300; i++) {
      const parts: string[] = [];
      const n = rnd(5);
      for (let j = 0; j < n; j++) {
        let k = pick(keys);
        for (let d = rnd(3); d > 0; d--) k += pick(["[0]", "[]", "[price]", "[x", "]"]);
        parts.push(`${k}=${pick(values)}`);
      }
      const method = pick(["GET", "POST", "DELETE"]);
      const path = pick(paths);
      const query = method === "POST" ? "" : `?${parts.join("&")}`;
      const res = await fetch(`${apiBase()}${path}${query}`, {
        method,
        headers: { Authorization: `Bearer ${t.secretKey}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: method === "POST" ? parts.join("&") : undefined,
      });
      const text = await res.text();
      expect(res.status, `${method} ${path} ${parts.join("&")} → ${text}`).toBeLessThan(500);
    }
    const alive = await stripe.customers.list({ limit: 1 });
    expect(alive.object).toBe("list");
  });

  it("survives random parameters on routes of real objects (fuzz)", async () => {
    if (!emulatorOnly()) return;
    const price = await stripe.prices.create({ product_data: { name: "Fuzz" }, unit_amount: 1000, currency: "usd", recurring: { interval: "month" } });
    const customer = await stripe.customers.create({ email: "fuzz@example.com" });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete" });
    const inv = sub.latest_invoice as string;
    const item = sub.items.data[0]?.id ?? "";
    const paths = [
      `/v1/customers/${customer.id}`, `/v1/subscriptions/${sub.id}`, `/v1/invoices/${inv}/pay`, `/v1/invoices/${inv}/finalize`, `/v1/invoices/${inv}/void`,
      "/v1/invoices/create_preview", "/v1/subscriptions", `/v1/prices/${price.id}`, "/v1/payment_intents", "/v1/refunds", `/v1/subscriptions/${sub.id}/resume`,
    ];
    const keys = ["items[0][id]", "items[0][price]", "items[0][quantity]", "items[0][deleted]", "proration_behavior", "proration_date", "customer", "subscription",
      "subscription_details[items][0][price]", "subscription_details[items][0][id]", "subscription_details[proration_date]", "cancel_at_period_end", "trial_end",
      "payment_method", "default_payment_method", "payment_behavior", "amount", "currency", "confirm", "charge", "invoice_now", "prorate", "metadata[a]", "cancel_at"];
    const values = ["", "0", "1", "-5", "now", "true", "false", price.id, item, customer.id, sub.id, "pm_card_visa", "pm_card_chargeCustomerFail", "usd", "always_invoice", "none", "4102444800", "1"];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T,>(xs: T[]) => xs[rnd(xs.length)] as T;
    for (let i = 0; i < 300; i++) {
      const parts: string[] = [];
      for (let j = rnd(5); j >= 0; j--) parts.push(`${pick(keys)}=${encodeURIComponent(pick(values))}`);
      const method = pick(["POST", "POST", "DELETE", "GET"]);
      const path = pick(paths);
      const qs = method === "POST" ? "" : `?${parts.join("&")}`;
      const res = await fetch(`${apiBase()}${path}${qs}`, {
        method,
        headers: { Authorization: `Bearer ${t.secretKey}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: method === "POST" ? parts.join("&") : undefined,
      });
      const text = await res.text();
      expect(res.status, `${method} ${path} ${parts.join("&")} → ${text}`).toBeLessThan(500);
    }
    expect((await stripe.customers.list({ limit: 1 })).object).toBe("list");
  });
});
