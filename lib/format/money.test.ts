import { describe, expect, it } from "vitest";
import { formatMoney, formatMoneyByCurrency, minorUnitDigits, toMajorUnits, toMinorUnits } from "./money";

describe("money in each currency's minor units (Stripe's rules)", () => {
  it.each([
    [1999, "usd", "$19.99"],
    [1999, "eur", "€19.99"],
    [500, "jpy", "¥500"],
    [12000, "krw", "₩12,000"],
    [1234, "kwd", "KWD 1.234"],
    [1500, "bhd", "BHD 1.500"],
    // A credit is written with a real minus sign (U+2212), like the discount and movement lines.
    [-250, "usd", "\u2212$2.50"],
    [-500, "jpy", "\u2212¥500"],
  ])("%i %s reads %s", (amount, currency, text) => {
    expect(formatMoney(amount, currency).replace(/\u00a0/g, " ")).toBe(text);
  });

  it("never writes a negative zero: less than half a minor unit below zero reads $0.00", () => {
    expect(formatMoney(-0, "usd")).toBe("$0.00");
    expect(formatMoney(-0.4, "usd")).toBe("$0.00");
    expect(formatMoney(-0.4, "jpy")).toBe("¥0");
  });

  it("knows the zero- and three-decimal currencies, whatever the case", () => {
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("vnd")).toBe(0);
    expect(minorUnitDigits("kwd")).toBe(3);
    expect(minorUnitDigits("usd")).toBe(2);
    // Stripe keeps two decimals for ISK though it is shown without: 100 minor units are 1 krona.
    expect(minorUnitDigits("isk")).toBe(2);
    expect(toMajorUnits(500, "jpy")).toBe(500);
    expect(toMajorUnits(1234, "kwd")).toBe(1.234);
    expect(toMinorUnits(19.99, "usd")).toBe(1999);
    expect(toMinorUnits(500, "jpy")).toBe(500);
  });

  it("sums stay exact in a zero-decimal currency: a yearly ¥120,001 is ¥10,000 a month (rounded), not ¥100", () => {
    expect(formatMoney(Math.round(120001 / 12), "jpy")).toBe("¥10,000");
  });

  it("writes sums in several currencies side by side, never added together", () => {
    expect(formatMoneyByCurrency([{ currency: "jpy", amount: 1001 }, { currency: "usd", amount: 4900 }], "usd")).toBe("¥1,001 + $49.00");
    expect(formatMoneyByCurrency([], "jpy")).toBe("¥0");
  });
});
