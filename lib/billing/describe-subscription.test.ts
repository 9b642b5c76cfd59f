import { describe, expect, it } from "vitest";
import { describeSubscription, type SubscriptionFacts } from "./describe-subscription";

const now = new Date("2027-03-01T12:00:00Z");
const base: SubscriptionFacts = {
  status: "active",
  currentPeriodEnd: new Date("2027-04-01T00:00:00Z"),
  cancelAtPeriodEnd: false,
  cancelAt: null,
  endedAt: null,
  trialEnd: null,
};

describe("describeSubscription", () => {
  it("says when an active plan renews or cancels", () => {
    expect(describeSubscription(base, { now }).explanation).toBe("Renews on April 1, 2027");
    expect(describeSubscription({ ...base, cancelAtPeriodEnd: true }, { now }).explanation).toMatch(/^Cancels on April 1, 2027/);
  });

  it("names the next retry of a failed payment", () => {
    const d = describeSubscription({ ...base, status: "past_due" }, { now, nextPaymentAttempt: new Date("2027-03-04T09:30:00Z") });
    expect(d.label).toBe("Past due");
    expect(d.explanation).toMatch(/^Payment failed — next retry Mar 4, 2027/);
    expect(d.tone).toBe("danger");
  });

  it("counts a trial's days and says what follows: the price with a card, the cancel or pause without one", () => {
    const trialing = { ...base, status: "trialing" as const, trialEnd: new Date("2027-03-15T00:00:00Z") };
    const price = { amount: 1900, currency: "usd", interval: "month" as const };
    const withCard = describeSubscription(trialing, { now, trial: { price, hasCard: true, endBehavior: "cancel" } });
    expect(withCard).toEqual({ label: "Trial", explanation: "Trial — 14 days left, then $19.00/month on March 15, 2027", tone: "info" });
    const cardless = describeSubscription(trialing, { now, trial: { price, hasCard: false, endBehavior: "cancel" } });
    expect(cardless.explanation).toBe("Trial — 14 days left. Add a card before March 15, 2027 or the subscription will be canceled.");
    expect(cardless.tone).toBe("warning");
    const paused = describeSubscription(trialing, { now: new Date("2027-03-14T12:00:00Z"), trial: { price, hasCard: false, endBehavior: "pause" } });
    expect(paused.explanation).toBe("Trial — 1 day left. Add a card before March 15, 2027 or the subscription will be paused.");
  });

  it("says a paused subscription is a trial that ended without a card when it is one", () => {
    const afterTrial = describeSubscription({ ...base, status: "paused", trialEnd: new Date("2027-02-15T00:00:00Z") }, { now });
    expect(afterTrial).toEqual({
      label: "Paused",
      explanation: "Your free trial ended on February 15, 2027 without a payment method, so the subscription is paused until one is added. Nothing is charged while it is paused.",
      tone: "warning",
    });
    expect(describeSubscription({ ...base, status: "paused" }, { now }).explanation).toBe("Paused — no invoices are created until it resumes.");
  });

  it("describes trial, ended and missing subscriptions", () => {
    expect(describeSubscription({ ...base, status: "trialing", trialEnd: new Date("2027-03-15T00:00:00Z") }, { now }).explanation).toBe(
      "Trialing until March 15, 2027",
    );
    expect(describeSubscription({ ...base, status: "canceled", endedAt: new Date("2027-02-01T00:00:00Z") }, { now }).explanation).toBe(
      "Access ended on February 1, 2027",
    );
    expect(describeSubscription(null, { now }).label).toBe("No plan");
  });
});
