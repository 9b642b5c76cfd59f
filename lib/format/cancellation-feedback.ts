// Stripe's fixed list of cancellation feedback choices (subscription.cancellation_details.feedback) and how we
// say each one. The cancel form offers them, the cancel action checks against them, the churn page labels them.

export const CANCELLATION_FEEDBACK = [
  "too_expensive",
  "missing_features",
  "switched_service",
  "unused",
  "customer_service",
  "too_complex",
  "low_quality",
  "other",
] as const;

export type CancellationFeedback = (typeof CANCELLATION_FEEDBACK)[number];

/** The longest comment we accept and send (Stripe takes up to 5,000 characters; we keep the admin page readable). */
export const CANCELLATION_COMMENT_MAX = 500;

const LABELS: Record<CancellationFeedback, string> = {
  too_expensive: "It's too expensive",
  missing_features: "Some features are missing",
  switched_service: "I'm switching to another service",
  unused: "I don't use it enough",
  customer_service: "Customer service was less than expected",
  too_complex: "It's too hard to use",
  low_quality: "Quality was less than expected",
  other: "Other reason",
};

export function isCancellationFeedback(value: string): value is CancellationFeedback {
  return (CANCELLATION_FEEDBACK as readonly string[]).includes(value);
}

/** A stored feedback value as words; a value Stripe adds later is shown as it is rather than dropped. */
export function cancellationFeedbackLabel(value: string | null): string {
  if (value === null) return "No reason given";
  return isCancellationFeedback(value) ? LABELS[value] : value;
}
