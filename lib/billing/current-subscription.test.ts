import { describe, expect, it } from "vitest";
import { isLiveStatus, isPaymentFailedStatus, pickCurrentSubscription } from "./current-subscription";

const row = (status: string, minutesAgo: number) => ({ status, createdAt: new Date(Date.UTC(2027, 0, 1) - minutesAgo * 60_000), id: `${status}-${minutesAgo}` });

describe("the tenant's current subscription", () => {
  it("shows Canceled, not a leftover incomplete attempt, after cancel now", () => {
    expect(pickCurrentSubscription([row("incomplete", 1), row("canceled", 10)])?.status).toBe("canceled");
  });

  it("never picks an unpaid attempt, even alone", () => {
    expect(pickCurrentSubscription([row("incomplete", 1)])).toBeNull();
    expect(pickCurrentSubscription([row("incomplete_expired", 1), row("incomplete", 2)])).toBeNull();
  });

  it("prefers a live subscription over a newer ended one, and the newest among live ones", () => {
    expect(pickCurrentSubscription([row("canceled", 1), row("past_due", 30)])?.status).toBe("past_due");
    expect(pickCurrentSubscription([row("active", 30), row("active", 5), row("incomplete", 1)])?.id).toBe("active-5");
  });

  it("calls a payment failed only on a live subscription Stripe could not charge", () => {
    const failed = ["active", "trialing", "past_due", "unpaid", "paused", "canceled", "incomplete"].filter(isPaymentFailedStatus);
    expect(failed).toEqual(["past_due", "unpaid"]);
    expect(failed.every(isLiveStatus)).toBe(true);
  });
});
