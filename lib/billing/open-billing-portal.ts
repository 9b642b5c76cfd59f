import "server-only";
import { getEnv } from "@/lib/env";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { findPortalConfiguration } from "@/lib/plans/portal-configuration";
import { getStripeCustomerId } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";
import type { BillingTenant } from "./ensure-stripe-customer";

/** Stripe's customer portal, when configured; it fires the same webhooks as our own pages. */
export async function openBillingPortal(tenant: BillingTenant, input: { requestId: string }): Promise<{ url: string }> {
  const env = getEnv();
  if (!env.BILLING_PORTAL_ENABLED) throw new AppError("not_found", "The billing portal is turned off.");
  const customerId = await getStripeCustomerId(tenant.id);
  if (!customerId) throw new AppError("conflict", "Subscribe to a plan first.");
  // The app's own configuration (its plans, its proration), never whatever the Dashboard default offers.
  const configuration = await stripeCall(() => findPortalConfiguration());
  if (!configuration) throw new AppError("conflict", "The billing portal is not set up yet (npm run stripe:seed).");
  const session = await stripeCall(() =>
    getStripe().billingPortal.sessions.create(
      { customer: customerId, return_url: `${env.NEXTAUTH_URL.replace(/\/$/, "")}/billing`, configuration: configuration.id },
      { idempotencyKey: `portal:${tenant.id}:${input.requestId}` },
    ),
  );
  return { url: session.url };
}
