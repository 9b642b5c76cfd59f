// Calendar arithmetic for billing periods: boundaries are counted from the billing cycle anchor so a
// subscription anchored on the 31st bills on the last day of shorter months and returns to the 31st.

import type { Interval } from "./types";

export function addInterval(ts: number, interval: Interval, count: number): number {
  const d = new Date(ts * 1000);
  switch (interval) {
    case "day":
      return ts + count * 86_400;
    case "week":
      return ts + count * 7 * 86_400;
    case "month":
    case "year": {
      const months = interval === "month" ? count : count * 12;
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth() + months;
      const targetYear = y + Math.floor(m / 12);
      const targetMonth = ((m % 12) + 12) % 12;
      const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
      const day = Math.min(d.getUTCDate(), lastDay);
      return Math.floor(
        Date.UTC(targetYear, targetMonth, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000,
      );
    }
  }
}

/** The first period boundary strictly after `after`, counting whole intervals from `anchor`. */
export function nextBoundary(anchor: number, after: number, interval: Interval, count: number): number {
  if (anchor > after) return anchor;
  // The longest possible interval, so the estimate never skips past the boundary we want.
  const longest = { day: 86_400, week: 604_800, month: 31 * 86_400, year: 366 * 86_400 }[interval] * count;
  let k = Math.max(1, Math.floor((after - anchor) / longest));
  for (let guard = 0; guard < 100_000; guard++, k++) {
    const b = addInterval(anchor, interval, k * count);
    if (b > after) return b;
  }
  throw new Error("stripe-local: billing period out of range");
}

export function formatDate(ts: number): string {
  return new Date(ts * 1000).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}
