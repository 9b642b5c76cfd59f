import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

export interface BillingAddress {
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postal_code: string;
  country: string;
}

/**
 * The billing name and address on the Stripe customer (Stripe Tax reads its location from this address). Keyed by
 * the form submission and what it says, so a double click is one update and a corrected resubmission is another.
 */
export function updateCustomerBillingDetails(input: { customerId: string; name: string; address: BillingAddress; requestId: string }): Promise<Stripe.Customer> {
  const digest = createHash("sha256").update(JSON.stringify([input.name, input.address])).digest("hex").slice(0, 32);
  return stripeCall(() =>
    getStripe().customers.update(
      input.customerId,
      { name: input.name, address: { ...input.address, line2: input.address.line2 ?? "", state: input.address.state ?? "" } },
      { idempotencyKey: `billing-details:${input.customerId}:${input.requestId}:${digest}` },
    ),
  );
}
