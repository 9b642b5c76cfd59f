import { describe, expect, it } from "vitest";
import { accessFor, accessForSubscription } from "./access";

const now = new Date("2026-06-15T12:00:00Z");
const day = 24 * 60 * 60 * 1000;

describe("accessFor", () => {
  it.each([
    ["trialing", "full"],
    ["active", "full"],
    ["unpaid", "restricted"],
    ["paused", "restricted"],
    ["incomplete", "none"],
    ["canceled", "none"],
    ["incomplete_expired", "none"],
  ] as const)("%s → %s", (status, expected) => {
    expect(accessFor(status, { currentPeriodEnd: new Date(now.getTime() + 10 * day), graceDays: 7, now })).toBe(expected);
  });

  it("gives past_due grace until graceDays after the unpaid renewal fell due", () => {
    const start = new Date(now.getTime() - 3 * day);
    const end = new Date(start.getTime() + 30 * day);
    expect(accessFor("past_due", { currentPeriodStart: start, currentPeriodEnd: end, graceDays: 7, now })).toBe("grace");
    const later = new Date(start.getTime() + 7 * day + 1);
    expect(accessFor("past_due", { currentPeriodStart: start, currentPeriodEnd: end, graceDays: 7, now: later })).toBe(
      "restricted",
    );
    expect(accessFor("past_due", { currentPeriodStart: start, currentPeriodEnd: end, graceDays: 0, now })).toBe("restricted");
  });

  it("counts grace from the period end when no start is given, and restricts without dates", () => {
    const end = new Date(now.getTime() - 2 * day);
    expect(accessFor("past_due", { currentPeriodEnd: end, graceDays: 7, now })).toBe("grace");
    expect(accessFor("past_due", { currentPeriodEnd: end, graceDays: 1, now })).toBe("restricted");
    expect(accessFor("past_due", { currentPeriodEnd: null, graceDays: 7, now })).toBe("restricted");
  });

  it("fails closed on unknown or missing statuses", () => {
    for (const status of ["", "ACTIVE", "active ", "future_status", null, undefined]) {
      expect(accessFor(status, { currentPeriodEnd: new Date(now.getTime() + day), graceDays: 7, now })).toBe("none");
    }
  });

  it("maps a stored row, and no row to none", () => {
    expect(accessForSubscription(null, 7, now)).toBe("none");
    expect(
      accessForSubscription({ status: "active", currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + day) }, 7, now),
    ).toBe("full");
  });
});
