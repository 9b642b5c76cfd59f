import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** A subscription's current state (the webhook pipeline's refetch when a payload may be stale). */
export function retrieveSubscription(id: string): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.retrieve(id);
}

/** A subscription with its first invoice's confirmation secret: what the PaymentElement confirms (API basil+). */
export function retrieveSubscriptionForPayment(id: string): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.retrieve(id, { expand: ["latest_invoice.confirmation_secret"] });
}
