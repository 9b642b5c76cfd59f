import { describe, expect, it } from "vitest";
import { parseMoneyInput } from "./money-input";

describe("parseMoneyInput (the admin refund amount)", () => {
  it.each([
    ["50", 5000],
    ["50.5", 5050],
    ["50.00", 5000],
    [" 1.5 ", 150],
    ["1,234.56", 123456],
    ["1,250", 125000],
    ["12,345,678", 1234567800],
  ])("reads %j as %i minor units", (text, minor) => {
    expect(parseMoneyInput(text)).toBe(minor);
  });

  // "12,50" is 12.50 where the comma is the decimal mark: reading it as $1,250.00 refunded a hundred times
  // the amount meant. A comma is accepted only between groups of three digits, as a thousands separator.
  it.each(["12,50", "1,5", "1,2345", ",50", "50,", "1,,000", "1,000,00", "-5", "0x10", "1e3", "5.001", "", " "])(
    "refuses %j",
    (text) => {
      expect(parseMoneyInput(text)).toBeNull();
    },
  );

  it("reads each currency's own decimals: none for JPY, three for KWD", () => {
    expect(parseMoneyInput("500", "jpy")).toBe(500);
    expect(parseMoneyInput("1,500", "jpy")).toBe(1500);
    expect(parseMoneyInput("5.5", "jpy")).toBeNull();
    expect(parseMoneyInput("1.234", "kwd")).toBe(1234);
    expect(parseMoneyInput("1.2345", "kwd")).toBeNull();
  });
});
