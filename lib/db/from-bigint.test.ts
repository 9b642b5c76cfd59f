import { describe, expect, test } from "vitest";
import { fromBigint, fromNullableBigint } from "./from-bigint";

describe("fromBigint", () => {
  test("reads Prisma's bigint, pg's string and a number alike", () => {
    expect(fromBigint(2_208_988_800n)).toBe(2_208_988_800);
    expect(fromBigint("2208988800")).toBe(2_208_988_800);
    expect(fromBigint(-5)).toBe(-5);
    expect(fromBigint(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  test("refuses what a number cannot hold exactly", () => {
    expect(() => fromBigint(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => fromBigint("9007199254740993")).toThrow(RangeError);
    expect(() => fromBigint(1.5)).toThrow(RangeError);
    expect(() => fromBigint("12abc")).toThrow();
  });

  test("null stays null", () => {
    expect(fromNullableBigint(null)).toBeNull();
    expect(fromNullableBigint("7")).toBe(7);
  });
});
