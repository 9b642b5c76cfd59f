// The schema check itself: a real emulator answer passes, and each kind of drift from Stripe's published types
// (a missing required field, a wrong type, an undocumented field) is caught.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeLocal, type StripeLocal } from "./index";
import { ContractValidator } from "./contract-schemas";

let local: StripeLocal;
let customer: Record<string, unknown>;
let validator: ContractValidator;

beforeAll(async () => {
  local = await startStripeLocal({ port: 0 });
  const res = await fetch(`${local.url}/v1/customers`, {
    method: "POST",
    headers: { Authorization: "Bearer sk_test_schema", "Content-Type": "application/x-www-form-urlencoded" },
    body: "email=schema%40example.com",
  });
  customer = (await res.json()) as Record<string, unknown>;
  validator = new ContractValidator();
});
afterAll(() => local.stop());

function failuresFor(body: unknown): string[] {
  const before = validator.failures.length;
  validator.validateResponse("POST", "/v1/customers", 200, body);
  return validator.failures.slice(before).flatMap((f) => f.errors);
}

describe("contract schemas from the stripe-node typings", () => {
  it("passes the emulator's customer as it is", () => {
    expect(failuresFor(customer)).toEqual([]);
  });

  it("fails a missing required field", () => {
    const { email: _email, ...rest } = customer;
    expect(failuresFor(rest)).toEqual([expect.stringContaining("must have required property 'email'")]);
  });

  it("fails a wrong type", () => {
    expect(failuresFor({ ...customer, created: "yesterday" }).join()).toContain("/created must be number");
  });

  it("fails an undocumented field", () => {
    expect(failuresFor({ ...customer, loyalty_points: 3 })).toEqual([expect.stringContaining("must NOT have additional properties (loyalty_points)")]);
  });

  it("has no allow-list: a field the emulator once left out (charge.outcome.advice_code) fails when missing", async () => {
    const headers = { Authorization: "Bearer sk_test_schema", "Content-Type": "application/x-www-form-urlencoded" };
    const pi = (await (await fetch(`${local.url}/v1/payment_intents`, { method: "POST", headers, body: "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true" })).json()) as { latest_charge: string };
    const charge = (await (await fetch(`${local.url}/v1/charges/${pi.latest_charge}`, { headers })).json()) as { outcome: Record<string, unknown> };
    const validate = (body: unknown) => {
      const before = validator.failures.length;
      validator.validateResponse("GET", "/v1/charges", 200, body);
      return validator.failures.slice(before).flatMap((f) => f.errors);
    };
    expect(validate(charge)).toEqual([]);
    const { advice_code: _advice, ...outcome } = charge.outcome;
    expect(validate({ ...charge, outcome })).toEqual(["/outcome must have required property 'advice_code'"]);
  });

  it("checks an event's envelope and its data.object against the object's own schema", () => {
    const event = { id: "evt_1", object: "event", api_version: "2026-10-28.endive", created: 1, livemode: false, pending_webhooks: 0, request: { id: null, idempotency_key: null }, type: "customer.created" };
    expect(failuresFor({ ...event, data: { object: customer } })).toEqual([]);
    expect(failuresFor({ ...event, data: { object: { ...customer, balance: "0" } } }).join()).toContain("/balance must be number");
    expect(failuresFor({ ...event, extra: true, data: { object: customer } })).toEqual(["undocumented extra"]);
  });
});
