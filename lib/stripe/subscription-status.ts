import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";

const KNOWN: Record<SubscriptionStatus, true> = {
  incomplete: true,
  incomplete_expired: true,
  trialing: true,
  active: true,
  past_due: true,
  unpaid: true,
  canceled: true,
  paused: true,
};

export class UnknownStripeStatusError extends Error {
  constructor(readonly status: string) {
    super(`Unknown Stripe subscription status "${status}"`);
    this.name = "UnknownStripeStatusError";
  }
}

/**
 * Maps Stripe's subscription status to ours. A status Stripe adds later must not be stored as something
 * that grants access, so an unknown one throws: the event fails, is retried and shows up as failed.
 */
export function toSubscriptionStatus(status: string): SubscriptionStatus {
  if (Object.hasOwn(KNOWN, status)) return status as SubscriptionStatus;
  throw new UnknownStripeStatusError(status);
}
