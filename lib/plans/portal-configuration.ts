import "server-only";
import type Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { getStripe } from "@/lib/stripe/client";
import type { SeededPlan } from "./seed-plans";

// The customer portal's settings as code: Stripe refuses portal sessions until the account has a configuration,
// and the Dashboard's default one offers every price with `create_prorations`. `stripe:seed` writes the app's own
// (its plans only, its proration rule) so production needs no Dashboard step, and sessions name it explicitly.

const APP_METADATA = { app: "asset-anchor-billing" } as const;

/** The app's configuration (found by its metadata), or null before `npm run stripe:seed` made it. */
export async function findPortalConfiguration(stripe: Stripe = getStripe()): Promise<Stripe.BillingPortal.Configuration | null> {
  for await (const configuration of stripe.billingPortal.configurations.list({ active: true, limit: 100 })) {
    if (configuration.metadata?.app === APP_METADATA.app) return configuration;
  }
  return null;
}

type PortalProration = Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.ProrationBehavior;

/**
 * The portal has one proration behaviour for every switch, where the app has one for upgrades and one for
 * downgrades: the upgrade rule is used (an upgrade is charged as the app charges it; a downgrade's credit then
 * lands at once rather than on the next invoice: the same amount, earlier).
 */
export function portalProration(): PortalProration {
  return getEnv().PRORATION_UPGRADE;
}

function featuresFor(plans: SeededPlan[]): Stripe.BillingPortal.ConfigurationCreateParams.Features {
  const byProduct = new Map<string, string[]>();
  for (const plan of plans) byProduct.set(plan.stripeProductId, [...(byProduct.get(plan.stripeProductId) ?? []), plan.stripePriceId]);
  return {
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: { enabled: true, mode: "at_period_end" },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ["price"],
      proration_behavior: portalProration(),
      products: [...byProduct].map(([product, prices]) => ({ product, prices })),
    },
  };
}

/** Creates or updates the app's portal configuration: exactly the catalog's plans as allowed switches. */
export async function seedPortalConfiguration(plans: SeededPlan[], stripe: Stripe = getStripe()): Promise<{ id: string; created: boolean }> {
  const features = featuresFor(plans);
  const existing = await findPortalConfiguration(stripe);
  if (existing) {
    await stripe.billingPortal.configurations.update(existing.id, { features });
    return { id: existing.id, created: false };
  }
  const created = await stripe.billingPortal.configurations.create(
    { features, metadata: { ...APP_METADATA }, business_profile: { headline: "Asset Anchor Billing" } },
    { idempotencyKey: `seed:portal-configuration:${plans.map((p) => p.stripePriceId).join(",")}` },
  );
  return { id: created.id, created: true };
}
