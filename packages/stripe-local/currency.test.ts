import { describe, expect, it } from "vitest";
import { formatAmount } from "./currency";

describe("formatAmount", () => {
  it("writes each currency's minor units as Stripe does: cents, whole yen, fils", () => {
    expect(formatAmount(1900, "usd")).toBe("$19.00");
    expect(formatAmount(1200, "jpy")).toBe("¥1,200");
    expect(formatAmount(120000, "krw")).toBe("₩120,000");
    expect(formatAmount(1234, "kwd")).toMatch(/^KWD\s1\.234$/);
  });
});
