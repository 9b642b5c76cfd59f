// State survives a restart through the snapshot file; reset clears it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { startStripeLocal } from "./index";

const dir = mkdtempSync(join(tmpdir(), "stripe-local-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const client = (port: number) => new Stripe("sk_test_snapshot", { host: "127.0.0.1", port, protocol: "http", telemetry: false, maxNetworkRetries: 0 });

describe("snapshot", () => {
  it("keeps customers and subscriptions across a restart, and reset clears them", async () => {
    const file = join(dir, "state.json");
    const first = await startStripeLocal({ port: 0, snapshotFile: file });
    const s1 = client(first.port);
    const customer = await s1.customers.create({ email: "persist@example.com" });
    const price = await s1.prices.create({ product_data: { name: "Persist" }, unit_amount: 100, currency: "usd", recurring: { interval: "month" } });
    const sub = await s1.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "default_incomplete" });
    await first.stop();

    const second = await startStripeLocal({ port: 0, snapshotFile: file });
    const s2 = client(second.port);
    expect((await s2.customers.retrieve(customer.id)).id).toBe(customer.id);
    expect((await s2.subscriptions.retrieve(sub.id)).status).toBe("incomplete");
    const newer = await s2.customers.list({ limit: 10 });
    expect(newer.data.map((c) => c.id)).toContain(customer.id);
    const reset = await fetch(`${second.url}/_local/reset`, { method: "POST" });
    expect(reset.status).toBe(200);
    const gone = (await s2.customers.retrieve(customer.id).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(gone.statusCode).toBe(404);
    await second.stop();
  });
});
