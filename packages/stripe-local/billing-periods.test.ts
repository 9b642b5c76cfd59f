import { describe, expect, it } from "vitest";
import { addInterval, nextBoundary } from "./billing-periods";

const ts = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d, 10, 30) / 1000);

describe("billing periods", () => {
  it("bills a 31st anchor on the last day of short months and returns to the 31st", () => {
    const anchor = ts(2027, 1, 31);
    const feb = nextBoundary(anchor, anchor, "month", 1);
    expect(feb).toBe(ts(2027, 2, 28));
    const mar = nextBoundary(anchor, feb, "month", 1);
    expect(mar).toBe(ts(2027, 3, 31));
  });

  it("handles leap years, weeks, days and multi-month intervals", () => {
    expect(addInterval(ts(2028, 2, 29), "year", 1)).toBe(ts(2029, 2, 28));
    expect(addInterval(ts(2027, 1, 1), "week", 2)).toBe(ts(2027, 1, 15));
    expect(addInterval(ts(2027, 1, 1), "day", 3)).toBe(ts(2027, 1, 4));
    expect(nextBoundary(ts(2027, 1, 15), ts(2027, 5, 1), "month", 3)).toBe(ts(2027, 7, 15));
  });

  it("finds far boundaries without drifting", () => {
    const anchor = ts(2020, 1, 31);
    expect(nextBoundary(anchor, ts(2030, 4, 1), "month", 1)).toBe(ts(2030, 4, 30));
  });
});
