import { describe, expect, it } from "vitest";
import { QuoteError, signQuote, verifyQuote, type QuotePayload } from "./plan-change-quote";

const SECRET = "a-test-secret-that-is-long-enough-1234567890";
const NOW = 1_800_000_000;

const payload: QuotePayload = {
  v: 1,
  tenantId: "tenant_a",
  subscriptionId: "sub_123",
  subscriptionItemId: "si_123",
  fromPrice: "price_starter",
  toPrice: "price_pro",
  toPlanKey: "pro-month",
  fromQuantity: 1,
  quantity: 1,
  prorationBehavior: "always_invoice",
  prorationDate: NOW,
  amountDue: 1503,
  currency: "usd",
  expiresAt: NOW + 600,
};

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof QuoteError ? error.reason : "other";
  }
  return undefined;
}

describe("plan change quote", () => {
  it("round-trips a signed quote before it expires", () => {
    expect(verifyQuote(signQuote(payload, SECRET), SECRET, NOW + 599)).toEqual(payload);
  });

  it("refuses an expired quote", () => {
    const token = signQuote(payload, SECRET);
    expect(reason(() => verifyQuote(token, SECRET, NOW + 600))).toBe("expired");
    expect(() => verifyQuote(token, SECRET, NOW + 601)).toThrow(/expired/);
  });

  it("refuses a quote whose amount was edited", () => {
    const [, signature] = signQuote(payload, SECRET).split(".");
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, amountDue: 1 })).toString("base64url");
    expect(reason(() => verifyQuote(`${forgedBody}.${signature}`, SECRET, NOW))).toBe("bad_signature");
  });

  it("refuses a quote that extends its own expiry", () => {
    const [, signature] = signQuote(payload, SECRET).split(".");
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, expiresAt: NOW + 99_999 })).toString("base64url");
    expect(reason(() => verifyQuote(`${forgedBody}.${signature}`, SECRET, NOW + 700))).toBe("bad_signature");
  });

  it("refuses a quote signed with another secret", () => {
    const token = signQuote(payload, `${SECRET}-other`);
    expect(reason(() => verifyQuote(token, SECRET, NOW))).toBe("bad_signature");
  });

  it("refuses garbage and truncated tokens", () => {
    expect(reason(() => verifyQuote("", SECRET, NOW))).toBe("malformed");
    expect(reason(() => verifyQuote("abc", SECRET, NOW))).toBe("malformed");
    const token = signQuote(payload, SECRET);
    expect(reason(() => verifyQuote(token.slice(0, -4), SECRET, NOW))).toBe("bad_signature");
    expect(reason(() => verifyQuote(`${token}.extra`, SECRET, NOW))).toBe("malformed");
  });

  it("refuses a correctly signed body of the wrong shape", () => {
    const { toPrice: _omit, ...partial } = payload;
    const token = signQuote(partial as QuotePayload, SECRET);
    expect(reason(() => verifyQuote(token, SECRET, NOW))).toBe("malformed");
  });
});
