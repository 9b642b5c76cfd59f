import { describe, expect, it } from "vitest";
import { decodeForm, encodeForm, FormDecodeError } from "./form-encoding";

describe("decodeForm", () => {
  it("decodes brackets, indexed arrays and expand[]", () => {
    const v = decodeForm("customer=cus_1&items[0][price]=p1&items[1][price]=p2&items[1][quantity]=3&expand[]=a&expand[]=b.c&metadata[k]=v");
    expect(v).toEqual({
      customer: "cus_1",
      items: [{ price: "p1" }, { price: "p2", quantity: "3" }],
      expand: ["a", "b.c"],
      metadata: { k: "v" },
    });
  });

  it("accepts percent-encoded brackets and + for spaces", () => {
    expect(decodeForm("metadata%5Bname%5D=a+b%20c&expand%5B0%5D=x")).toEqual({ metadata: { name: "a b c" }, expand: ["x"] });
  });

  it("orders indexed arrays by index and keeps empty strings (null from the SDK)", () => {
    expect(decodeForm("a[10]=z&a[2]=y&metadata=")).toEqual({ a: ["y", "z"], metadata: "" });
  });

  it("rejects malformed input", () => {
    for (const bad of ["%E0%A4%A", "a[b=1", "a=1&a[b]=2", "a[]=1&a[b]=2", "[x]=1", "__proto__[x]=1", "a[__proto__]=1"]) {
      expect(() => decodeForm(bad), bad).toThrow(FormDecodeError);
    }
  });

  it("round-trips what encodeForm writes", () => {
    const value = { items: [{ price: "p", quantity: 2 }], metadata: { a: "1" }, expand: ["x.y"] };
    expect(decodeForm(encodeForm(value))).toEqual({ items: [{ price: "p", quantity: "2" }], metadata: { a: "1" }, expand: ["x.y"] });
  });
});
