import "server-only";
import { getEnv } from "@/lib/env";
import { createPortalSession } from "@/lib/stripe/create-portal-session";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { AppError } from "@/lib/errors";
import { findPortalConfiguration } from "@/lib/plans/portal-configuration";
import { getStripeCustomerId } from "./customer-subscriptions";
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
  const session = await createPortalSession({
    tenantId: tenant.id,
    customerId,
    configurationId: configuration.id,
    returnUrl: `${env.NEXTAUTH_URL.replace(/\/$/, "")}/billing`,
    requestId: input.requestId,
  });
  return { url: session.url };
}
