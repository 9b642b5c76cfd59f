import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { isTruncatedPayload, MAX_STORED_PAYLOAD_BYTES, redactError, redactPayload } from "./redact-payload";

const event = {
  id: "evt_1",
  object: "event",
  type: "invoice.finalized",
  created: 1_790_000_000,
  data: {
    object: {
      id: "in_1",
      object: "invoice",
      amount_due: 2000,
      confirmation_secret: { client_secret: "pi_3Abc_secret_XyZ", type: "payment_intent" },
      description: "paid with 4242 4242 4242 4242 via sk_test_abc123DEF and whsec_abcDEF123=",
      payment_intent: { id: "pi_3Abc", client_secret: "pi_3Abc_secret_XyZ" },
      number: "AAB-0042",
      customer_email: "ada@example.test",
      customer_name: "Ada Lovelace",
      customer_phone: "+44 20 7946 0000",
      customer_address: { line1: "12 Analytical Row", city: "London" },
      customer_shipping: { name: "Bea Shipping" },
      card: { number: "4000000000000002", cvc: "123", last4: "0002", brand: "visa", exp_month: 12, exp_year: 2030, fingerprint: "fp_AbC123" },
      lines: { data: [{ description: "note pi_9Q_secret_zz" }] },
    },
  },
} as unknown as Stripe.Event;

describe("redactPayload", () => {
  const text = JSON.stringify(redactPayload(event));

  it("masks client secrets, card numbers, CVCs, API keys and webhook secrets anywhere in the payload", () => {
    for (const secret of ["pi_3Abc_secret_XyZ", "4242 4242 4242 4242", "4000000000000002", "sk_test_abc123DEF", "whsec_abcDEF123", "pi_9Q_secret_zz", '"123"']) {
      expect(text).not.toContain(secret);
    }
  });

  it("keeps what handlers and replay need, the invoice number included", () => {
    const copy = redactPayload(event) as { id: string; type: string; data: { object: Record<string, unknown> } };
    expect(copy.id).toBe("evt_1");
    expect(copy.type).toBe("invoice.finalized");
    expect(copy.data.object).toMatchObject({ id: "in_1", amount_due: 2000, number: "AAB-0042" });
  });

  it("masks personal fields and nulls card details at rest (issue #12 finding 11)", () => {
    const copy = redactPayload(event) as { data: { object: Record<string, unknown> } };
    for (const personal of ["Ada Lovelace", "ada@example.test", "+44 20 7946 0000", "12 Analytical Row", "Bea Shipping", "fp_AbC123"]) {
      expect(text).not.toContain(personal);
    }
    expect(copy.data.object).toMatchObject({
      customer_email: "[redacted]",
      customer_name: "[redacted]",
      customer_address: "[redacted]",
      card: { number: "[redacted]", last4: null, brand: null, exp_month: null, exp_year: null, fingerprint: null },
    });
  });

  it("stores a stub instead of a payload over the cap", () => {
    const big = { ...event, id: "evt_big", data: { object: { id: "in_big", object: "invoice", blob: "x".repeat(MAX_STORED_PAYLOAD_BYTES) } } } as unknown as Stripe.Event;
    const copy = redactPayload(big);
    expect(JSON.stringify(copy).length).toBeLessThan(1000);
    expect(copy).toMatchObject({ id: "evt_big", truncated: true, data: { object: { id: "in_big" } } });
    expect(isTruncatedPayload(copy)).toBe(true);
  });

  it("does not change the event it was given", () => {
    expect((event.data.object as unknown as { card: { number: string } }).card.number).toBe("4000000000000002");
  });
});

describe("redactError", () => {
  it("masks secrets in error messages and bounds their length", () => {
    const message = redactError(new Error(`connect postgresql://u:pw@db/x failed for sk_live_XYZ ${"x".repeat(5000)}`));
    expect(message).not.toContain("pw@db");
    expect(message).not.toContain("sk_live_XYZ");
    expect(message.length).toBeLessThanOrEqual(2000);
  });
});
