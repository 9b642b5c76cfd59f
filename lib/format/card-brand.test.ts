import { describe, expect, it } from "vitest";
import { formatCardBrand } from "./card-brand";

describe("formatCardBrand", () => {
  it("writes Stripe's brand codes as names", () => {
    expect(formatCardBrand("mastercard")).toBe("Mastercard");
    expect(formatCardBrand("amex")).toBe("American Express");
    expect(formatCardBrand("visa")).toBe("Visa");
    expect(formatCardBrand("JCB")).toBe("JCB");
  });

  it("capitalises a code it does not know", () => {
    expect(formatCardBrand("new_brand")).toBe("New brand");
  });
});
