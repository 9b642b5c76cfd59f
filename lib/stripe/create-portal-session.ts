import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/** A customer-portal session under the app's own configuration, keyed by the request that opened it. */
export function createPortalSession(input: {
  tenantId: string;
  customerId: string;
  configurationId: string;
  returnUrl: string;
  requestId: string;
}): Promise<Stripe.BillingPortal.Session> {
  return stripeCall(() =>
    getStripe().billingPortal.sessions.create(
      { customer: input.customerId, return_url: input.returnUrl, configuration: input.configurationId },
      { idempotencyKey: `portal:${input.tenantId}:${input.requestId}` },
    ),
  );
}
