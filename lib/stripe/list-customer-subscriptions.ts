import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/** Every subscription of one customer, in any status, newest first. */
export async function listCustomerSubscriptions(customerId: string): Promise<Stripe.Subscription[]> {
  const subs: Stripe.Subscription[] = [];
  await stripeCall(async () => {
    for await (const sub of getStripe().subscriptions.list({ customer: customerId, status: "all", limit: 100 })) {
      subs.push(sub);
    }
  });
  return subs.sort((a, b) => b.created - a.created);
}
