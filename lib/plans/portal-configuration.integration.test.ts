// The customer portal against the emulator and a real PostgreSQL: refused until the account has a configuration
// (as in a fresh Stripe account), then `stripe:seed`'s configuration makes it work with the app's plans only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { openBillingPortal } from "@/lib/billing/open-billing-portal";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getStripe } from "@/lib/stripe/client";
import { createTestTenant } from "@/testing/test-db";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { findPortalConfiguration, portalPlans, seedPortalConfiguration } from "./portal-configuration";
import { seedPlans } from "./seed-plans";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;

beforeAll(async () => {
  ({ emulator } = await startLocalStripeForTests({ BILLING_PORTAL_ENABLED: "1" }));
});
afterAll(async () => {
  await getDb().$disconnect();
  await emulator.stop();
});

describe("billing portal configuration", () => {
  it("a portal session fails without a configuration and works after stripe:seed, offering the catalog only", async () => {
    const stripe = getStripe();
    const customer = await stripe.customers.create({ email: "portal@example.test" });
    const tenant = await createTestTenant({ stripeCustomerId: customer.id });

    const raw = (await stripe.billingPortal.sessions.create({ customer: customer.id }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(raw.statusCode).toBe(400);
    const before = await openBillingPortal({ id: tenant.id } as Parameters<typeof openBillingPortal>[0], { requestId: "r1" }).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(AppError);
    expect(await findPortalConfiguration()).toBeNull();

    // What `npm run stripe:seed` does.
    const plans = await seedPlans();
    const seeded = await seedPortalConfiguration(plans);
    expect(seeded.created).toBe(true);
    const configuration = await stripe.billingPortal.configurations.retrieve(seeded.id);
    const offered = (configuration.features.subscription_update.products ?? []).flatMap((p) => p.prices).sort();
    // Every flat plan of the catalog, and no per-seat one (seats are changed on the billing page).
    expect(offered).toEqual(portalPlans(plans).map((p) => p.stripePriceId).sort());
    expect(portalPlans(plans).length).toBeLessThan(plans.length);
    // The app's upgrade rule (default: invoice now), not the Dashboard default of create_prorations.
    expect(configuration.features.subscription_update.proration_behavior).toBe("always_invoice");
    expect(configuration.features.subscription_cancel).toMatchObject({ enabled: true, mode: "at_period_end" });

    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: plans[0]?.stripePriceId ?? "" }], default_payment_method: pm.id });
    const { url } = await openBillingPortal({ id: tenant.id } as Parameters<typeof openBillingPortal>[0], { requestId: "r2" });
    expect(url).toContain("/_local/portal/");
    const page = await fetch(url).then((r) => r.text());
    for (const plan of portalPlans(plans)) expect(page).toContain(plan.stripePriceId);

    // Idempotent: a second seed updates the same configuration.
    expect(await seedPortalConfiguration(plans)).toEqual({ id: seeded.id, created: false });
  });
});
