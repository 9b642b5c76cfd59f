import "server-only";
import type Stripe from "stripe";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { isLiveStatus } from "./current-subscription";

// Mutations decide from Stripe's current view of the customer, not from our webhook-fed rows, which may
// lag by a few hundred milliseconds right after a payment.

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
