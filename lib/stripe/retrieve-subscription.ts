import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** A subscription's discounts with their coupons: the terms the MRR rule reads (mappers.ts `recurringDiscountsOf`). */
export const SUBSCRIPTION_DISCOUNT_TERMS = "discounts.source.coupon";

/** A subscription's current state (the webhook pipeline's refetch when a payload may be stale), with its coupons. */
export function retrieveSubscription(id: string): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.retrieve(id, { expand: [SUBSCRIPTION_DISCOUNT_TERMS] });
}

/** A subscription with its first invoice's confirmation secret: what the PaymentElement confirms (API basil+). */
export function retrieveSubscriptionForPayment(id: string): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.retrieve(id, { expand: ["latest_invoice.confirmation_secret"] });
}
