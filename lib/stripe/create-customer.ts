import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * The tenant's Stripe customer. Keyed by the tenant (and its test clock, when it has one), so concurrent or
 * repeated first checkouts make one customer.
 */
export function createCustomer(
  tenant: { id: string; name: string; slug: string },
  opts: { email?: string; testClock?: string | null } = {},
): Promise<Stripe.Customer> {
  return stripeCall(() =>
    getStripe().customers.create(
      {
        name: tenant.name,
        ...(opts.email && { email: opts.email }),
        metadata: { tenantId: tenant.id, tenantSlug: tenant.slug },
        ...(opts.testClock && { test_clock: opts.testClock }),
      },
      { idempotencyKey: opts.testClock ? `customer:${tenant.id}:${opts.testClock}` : `customer:${tenant.id}` },
    ),
  );
}
