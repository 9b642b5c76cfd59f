import "server-only";
import { getEnv } from "@/lib/env";
import { retrieveCustomer } from "@/lib/stripe/retrieve-customer";
import { stripeCall } from "@/lib/stripe/stripe-errors";

/**
 * Whether Stripe Tax can locate the customer: an address with its country on the Stripe customer (Stripe's own
 * first source). False, without asking Stripe, when tax is off.
 */
export async function isTaxLocated(customerId: string): Promise<boolean> {
  if (!getEnv().STRIPE_TAX_ENABLED) return false;
  const customer = await stripeCall(() => retrieveCustomer(customerId));
  return !("deleted" in customer && customer.deleted) && Boolean(customer.address?.country);
}
