// The checkout summary's tax basis with Stripe Tax on: a tenant without a billing address gets no estimate and is told
// so (needsAddress), never a silent $0.00; with an address the estimate is Stripe's preview. Real PostgreSQL, the
// emulator, the app's client.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { getDb } from "@/lib/db/client";
import { seedPlans } from "@/lib/plans/seed-plans";
import { createTestTenant } from "@/testing/test-db";
import { startLocalStripeForTests } from "@/testing/local-stripe";
import { billingDetailsSchema, saveBillingDetails } from "./billing-details";
import { previewCheckoutTax } from "./preview-checkout-tax";

let emulator: StripeLocal;
let starter: { stripePriceId: string };

beforeAll(async () => {
  ({ emulator } = await startLocalStripeForTests({ STRIPE_TAX_ENABLED: "1", LOG_LEVEL: "silent" }));
  const plans = await seedPlans();
  starter = plans.find((p) => p.key === "starter-month") as { stripePriceId: string };
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

describe("previewCheckoutTax", () => {
  it("has no estimate and says an address is needed for a tenant with no Stripe customer or no address", async () => {
    const row = await createTestTenant();
    expect(await previewCheckoutTax(row.id, starter, 1)).toEqual({ tax: null, needsAddress: true });
    const customer = await emulatorCustomer(row.id);
    expect(customer).toMatch(/^cus_/);
    expect(await previewCheckoutTax(row.id, starter, 1)).toEqual({ tax: null, needsAddress: true });
  });

  it("estimates from the billing address once there is one", async () => {
    const row = await createTestTenant();
    const tenant = { id: row.id, name: row.name, slug: row.slug };
    await saveBillingDetails(
      tenant,
      billingDetailsSchema.parse({
        requestId: randomUUID(),
        name: "Paris SARL",
        address: { line1: "1 Rue de Rivoli", line2: null, city: "Paris", state: null, postal_code: "75001", country: "FR" },
        taxId: "",
      }),
      { userId: "checkout-tax-test" },
    );
    expect(await previewCheckoutTax(row.id, starter, 1)).toEqual({ tax: { amount: 380, reverseCharge: false }, needsAddress: false });
  });
});

/** A Stripe customer for the tenant with no address, as the first checkout attempt leaves it. */
async function emulatorCustomer(tenantId: string): Promise<string> {
  const { getStripe } = await import("@/lib/stripe/client");
  const customer = await getStripe().customers.create({ metadata: { tenantId } });
  await getDb().tenant.update({ where: { id: tenantId }, data: { stripeCustomerId: customer.id } });
  return customer.id;
}
