import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { getStripe } from "./client";

type Features = Stripe.BillingPortal.ConfigurationCreateParams.Features;

/** The active portal configuration whose metadata `app` is `app`, or null. */
export async function findPortalConfiguration(app: string): Promise<Stripe.BillingPortal.Configuration | null> {
  for await (const configuration of getStripe().billingPortal.configurations.list({ active: true, limit: 100 })) {
    if (configuration.metadata?.app === app) return configuration;
  }
  return null;
}

export function updatePortalConfiguration(id: string, features: Features): Promise<Stripe.BillingPortal.Configuration> {
  return getStripe().billingPortal.configurations.update(id, { features });
}

/** Keyed by the prices it offers: the same catalog seeded twice makes one configuration. */
export function createPortalConfiguration(
  input: { app: string; features: Features; priceIds: readonly string[] },
): Promise<Stripe.BillingPortal.Configuration> {
  return getStripe().billingPortal.configurations.create(
    { features: input.features, metadata: { app: input.app }, business_profile: { headline: "Asset Anchor Billing" } },
    // Hashed: the ids of a catalog of eight or more prices pass Stripe's 255-character key limit.
    { idempotencyKey: `seed:portal-configuration:${createHash("sha256").update(input.priceIds.join(",")).digest("hex")}` },
  );
}
