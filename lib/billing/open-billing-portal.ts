import "server-only";
import { getEnv } from "@/lib/env";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { getStripeCustomerId } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";
import type { BillingTenant } from "./ensure-stripe-customer";

/** Stripe's customer portal, when configured; it fires the same webhooks as our own pages. */
export async function openBillingPortal(tenant: BillingTenant, input: { requestId: string }): Promise<{ url: string }> {
  const env = getEnv();
  if (!env.BILLING_PORTAL_ENABLED) throw new AppError("not_found", "The billing portal is turned off.");
  const customerId = await getStripeCustomerId(tenant.id);
  if (!customerId) throw new AppError("conflict", "Subscribe to a plan first.");
  const session = await stripeCall(() =>
    getStripe().billingPortal.sessions.create(
      { customer: customerId, return_url: `${env.NEXTAUTH_URL.replace(/\/$/, "")}/billing` },
      { idempotencyKey: `portal:${tenant.id}:${input.requestId}` },
    ),
  );
  return { url: session.url };
}
