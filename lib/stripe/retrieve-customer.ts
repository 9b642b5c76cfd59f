import "server-only";
import Stripe from "stripe";
import { getStripe } from "./client";

/** A customer, or its tombstone (`deleted: true`) once deleted in Stripe. */
export function retrieveCustomer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
  return getStripe().customers.retrieve(id);
}

/** The tenant our app wrote on the customer when it created it; a customer Stripe does not know matches nobody. */
export async function retrieveCustomerTenantId(id: string): Promise<string | null> {
  try {
    const customer = await retrieveCustomer(id);
    return "deleted" in customer && customer.deleted ? null : (customer.metadata?.tenantId ?? null);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return null;
    throw error;
  }
}
