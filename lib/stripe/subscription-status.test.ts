import { describe, expect, it } from "vitest";
import { toSubscriptionStatus, UnknownStripeStatusError } from "./subscription-status";

describe("toSubscriptionStatus", () => {
  it("maps every Stripe status to ours", () => {
    for (const status of ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "unpaid", "canceled", "paused"]) {
      expect(toSubscriptionStatus(status)).toBe(status);
    }
  });

  it("fails closed on a status it does not know", () => {
    expect(() => toSubscriptionStatus("suspended")).toThrow(UnknownStripeStatusError);
    expect(() => toSubscriptionStatus("toString")).toThrow(UnknownStripeStatusError);
  });
});
