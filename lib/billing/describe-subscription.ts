// Plain words for a subscription's state, so the dashboard says what will happen and when.
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import type { Tone } from "@/lib/format/tone";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";

export interface SubscriptionFacts {
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  endedAt: Date | null;
  trialEnd: Date | null;
}

export interface StatusDescription {
  /** Short badge text: "Active", "Past due". */
  label: string;
  /** The sentence under it: "Renews on March 3, 2027". */
  explanation: string;
  tone: Tone;
}

const LABELS: Record<SubscriptionStatus, string> = {
  incomplete: "Incomplete",
  incomplete_expired: "Expired",
  trialing: "Trial",
  active: "Active",
  past_due: "Past due",
  unpaid: "Unpaid",
  canceled: "Canceled",
  paused: "Paused",
};

/** What a trial turns into: the plan's price, whether Stripe holds a card, and what happens without one. */
export interface TrialFacts {
  price: { amount: number; currency: string; interval: "month" | "year" };
  hasCard: boolean;
  endBehavior: "cancel" | "pause";
}

const DAY_MS = 86_400_000;

function describeTrial(trialEnd: Date, trial: TrialFacts, now: Date): Pick<StatusDescription, "explanation" | "tone"> {
  const days = Math.max(0, Math.ceil((trialEnd.getTime() - now.getTime()) / DAY_MS));
  const left = `Trial — ${days} ${days === 1 ? "day" : "days"} left`;
  if (trial.hasCard) {
    const price = `${formatMoney(trial.price.amount, trial.price.currency)}/${trial.price.interval}`;
    return { explanation: `${left}, then ${price} on ${formatDate(trialEnd)}`, tone: "info" };
  }
  const outcome = trial.endBehavior === "pause" ? "paused" : "canceled";
  return { explanation: `${left}. Add a card before ${formatDate(trialEnd)} or the subscription will be ${outcome}.`, tone: "warning" };
}

export function describeSubscription(
  sub: SubscriptionFacts | null,
  extra: { nextPaymentAttempt?: Date | null; now: Date; trial?: TrialFacts },
): StatusDescription {
  if (!sub) return { label: "No plan", explanation: "You have no subscription yet. Pick a plan to get started.", tone: "neutral" };
  const label = LABELS[sub.status];
  const endsAt = sub.cancelAt ?? sub.currentPeriodEnd;
  switch (sub.status) {
    case "trialing":
      if (sub.cancelAtPeriodEnd && endsAt) return { label, explanation: `Trialing until ${formatDate(sub.trialEnd ?? endsAt)}, then cancels`, tone: "warning" };
      if (sub.trialEnd && extra.trial) return { label, ...describeTrial(sub.trialEnd, extra.trial, extra.now) };
      return { label, explanation: sub.trialEnd ? `Trialing until ${formatDate(sub.trialEnd)}` : "Trialing", tone: "info" };
    case "active":
      if ((sub.cancelAtPeriodEnd || sub.cancelAt) && endsAt) {
        return { label, explanation: `Cancels on ${formatDate(endsAt)}. You keep access until then.`, tone: "warning" };
      }
      return {
        label,
        explanation: sub.currentPeriodEnd ? `Renews on ${formatDate(sub.currentPeriodEnd)}` : "Renews automatically",
        tone: "success",
      };
    case "past_due":
      return {
        label,
        explanation: extra.nextPaymentAttempt
          ? `Payment failed — next retry ${formatDateTime(extra.nextPaymentAttempt)}`
          : "Payment failed — no automatic retry is scheduled. Update your payment method to pay the open invoice.",
        tone: "danger",
      };
    case "unpaid":
      return { label, explanation: "Payment failed and retries are exhausted — access is restricted until the open invoice is paid.", tone: "danger" };
    case "incomplete":
      return { label, explanation: "Waiting for the first payment.", tone: "warning" };
    case "incomplete_expired":
      return { label, explanation: "The first payment never completed, so no charge was made. Pick a plan to start again.", tone: "neutral" };
    case "canceled": {
      // Canceled is terminal in Stripe: access is over whatever the clock says (test clocks run ahead of ours).
      const ended = sub.endedAt ?? endsAt;
      return { label, explanation: ended ? `Access ended on ${formatDate(ended)}` : "Access has ended", tone: "neutral" };
    }
    case "paused":
      // Stripe pauses a subscription on its own only when a trial ends without a card (end_behavior "pause").
      if (sub.trialEnd) {
        return {
          label,
          explanation: `Your free trial ended on ${formatDate(sub.trialEnd)} without a payment method, so the subscription is paused until one is added. Nothing is charged while it is paused.`,
          tone: "warning",
        };
      }
      return { label, explanation: "Paused — no invoices are created until it resumes.", tone: "neutral" };
  }
}
