import { describe, expect, it } from "vitest";
import { cancellationFeedbackLabel, CANCELLATION_FEEDBACK, isCancellationFeedback } from "./cancellation-feedback";

describe("cancellation feedback", () => {
  it("is Stripe's list, each with its own words", () => {
    expect([...CANCELLATION_FEEDBACK].sort()).toEqual(
      ["customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex", "too_expensive", "unused"],
    );
    expect(new Set(CANCELLATION_FEEDBACK.map(cancellationFeedbackLabel)).size).toBe(CANCELLATION_FEEDBACK.length);
  });

  it("shows an unknown value as it is and a missing one as such", () => {
    expect(isCancellationFeedback("bored")).toBe(false);
    expect(cancellationFeedbackLabel("bored")).toBe("bored");
    expect(cancellationFeedbackLabel(null)).toBe("No reason given");
  });
});
