import "server-only";
import type Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { createPortalConfiguration, findPortalConfiguration as findByApp, updatePortalConfiguration } from "@/lib/stripe/portal-configurations";
import { isPerSeatPlan } from "./catalog";
import type { SeededPlan } from "./seed-plans";

// The customer portal's settings as code: Stripe refuses portal sessions until the account has a configuration,
// and the Dashboard's default one offers every price with `create_prorations`. `stripe:seed` writes the app's own
// (its plans only, its proration rule) so production needs no Dashboard step, and sessions name it explicitly.

const APP_NAME = "asset-anchor-billing";

/** The app's configuration (found by its metadata), or null before `npm run stripe:seed` made it. */
export function findPortalConfiguration(): Promise<Stripe.BillingPortal.Configuration | null> {
  return findByApp(APP_NAME);
}

type PortalProration = Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.ProrationBehavior;

/**
 * The portal has one proration behaviour for every switch, where the app has one for upgrades and one for
 * downgrades: the upgrade rule is used (an upgrade is charged as the app charges it; a downgrade's credit then
 * lands at once rather than on the next invoice: the same amount, earlier).
 */
function portalProration(): PortalProration {
  return getEnv().PRORATION_UPGRADE;
}

/**
 * Per-seat plans are left out of the portal's switches: it would move a team onto one at its current quantity, past
 * the app's seat rules (seats are changed on the billing page).
 */
export function portalPlans<P extends { key: string }>(plans: readonly P[]): P[] {
  return plans.filter((plan) => !isPerSeatPlan(plan.key));
}

function featuresFor(plans: SeededPlan[]): Stripe.BillingPortal.ConfigurationCreateParams.Features {
  const byProduct = new Map<string, string[]>();
  for (const plan of portalPlans(plans)) byProduct.set(plan.stripeProductId, [...(byProduct.get(plan.stripeProductId) ?? []), plan.stripePriceId]);
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
export async function seedPortalConfiguration(plans: SeededPlan[]): Promise<{ id: string; created: boolean }> {
  const features = featuresFor(plans);
  const existing = await findPortalConfiguration();
  if (existing) {
    await updatePortalConfiguration(existing.id, features);
    return { id: existing.id, created: false };
  }
  const created = await createPortalConfiguration({ app: APP_NAME, features, priceIds: plans.map((p) => p.stripePriceId) });
  return { id: created.id, created: true };
}
