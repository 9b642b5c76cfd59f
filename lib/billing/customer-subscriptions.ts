import "server-only";
import type Stripe from "stripe";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { isLiveStatus } from "./current-subscription";

// Mutations decide from Stripe's current view of the customer, not from our webhook-fed rows, which may
// lag by a few hundred milliseconds right after a payment.

const GUARD_UNAVAILABLE =
  "We could not check with our payment provider whether you already hold a subscription, so nothing was started and nothing was charged. Try again in a minute.";

/**
 * The one-live-subscription guard before a new checkout (card form or hosted): Stripe's own list of the customer's
 * subscriptions. It fails closed: when Stripe does not answer we cannot rule out a live subscription (another tab may
 * just have paid), so no checkout starts, and the tenant is told that nothing happened and to try again.
 */
export async function listSubscriptionsBeforeCheckout(customerId: string): Promise<Stripe.Subscription[]> {
  try {
    return await listCustomerSubscriptions(customerId);
  } catch (error) {
    if (error instanceof AppError && error.code === "stripe_error") throw new AppError("stripe_error", GUARD_UNAVAILABLE, { cause: error });
    throw error;
  }
}

export function heldSubscription(subs: readonly Stripe.Subscription[]): Stripe.Subscription | undefined {
  return subs.find((s) => isLiveStatus(s.status));
}

export function firstItem(sub: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = sub.items.data[0];
  if (!item) throw new AppError("conflict", "This subscription has no items.");
  return item;
}

/** The tenant's customer id, or null when the tenant never started a checkout. */
export async function getStripeCustomerId(tenantId: string): Promise<string | null> {
  const tenant = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  if (!tenant) throw new AppError("not_found");
  return tenant.stripeCustomerId;
}

/** The subscription a change, cancel or resume acts on: the tenant's held one, straight from Stripe. */
export async function requireHeldSubscription(tenantId: string): Promise<{ customerId: string; sub: Stripe.Subscription }> {
  const customerId = await getStripeCustomerId(tenantId);
  const sub = customerId ? heldSubscription(await listCustomerSubscriptions(customerId)) : undefined;
  if (!customerId || !sub) throw new AppError("conflict", "You have no active subscription.");
  return { customerId, sub };
}
