import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { redactError, redactPayload } from "./redact-payload";

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
      card: { number: "4000000000000002", cvc: "123", last4: "0002", brand: "visa" },
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

  it("keeps what handlers and replay need", () => {
    const copy = redactPayload(event) as { id: string; type: string; data: { object: Record<string, unknown> } };
    expect(copy.id).toBe("evt_1");
    expect(copy.type).toBe("invoice.finalized");
    expect(copy.data.object).toMatchObject({ id: "in_1", amount_due: 2000, card: { last4: "0002", brand: "visa" } });
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
