// Tax with billing details against a real PostgreSQL and the in-process emulator through the app's own Stripe client:
// the address and VAT number saved by the billing form decide the tax, a plan change is charged exactly what its
// preview said tax included (German VAT, and 0 under EU reverse charge), the invoice row keeps the tax, and a VAT
// number Stripe refuses is a 400 that leaves the customer as it was.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { seedPlans } from "@/lib/plans/seed-plans";
import { createTestTenant } from "@/testing/test-db";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";
import { billingDetailsSchema, getBillingDetails, saveBillingDetails } from "./billing-details";
import { changePlan } from "./change-plan";
import { previewPlanChange } from "./preview-plan-change";
import { startCheckout } from "./start-checkout";
import { startTrial } from "./start-trial";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;
let stripe: Stripe;
const priceOf = new Map<string, string>();
const delivered = new Set<string>();

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests({ STRIPE_TAX_ENABLED: "1", LOG_LEVEL: "silent" }));
  for (const plan of await seedPlans()) priceOf.set(plan.key, plan.stripePriceId);
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

/** Who saves the form: a user id for the audit row (no user row needed). */
const BY = { userId: "tax-test-user" };
const BERLIN = { line1: "Unter den Linden 1", line2: null, city: "Berlin", state: null, postal_code: "10117", country: "DE" };

/** A tenant with a card, billing details saved through the form's use case, and a starter-month subscription. */
async function taxedTenant(taxId: string) {
  const row = await createTestTenant();
  const tenant = { id: row.id, name: row.name, slug: row.slug };
  const customer = await stripe.customers.create({ metadata: { tenantId: tenant.id } });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  await getDb().tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
  await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Anchor GmbH", address: BERLIN, taxId }), BY);
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: priceOf.get("starter-month") as string }],
    automatic_tax: { enabled: true },
    metadata: { tenantId: tenant.id, plan: "starter-month" },
  });
  await deliverEmittedEvents(delivered);
  return { tenant, customerId: customer.id, subscriptionId: sub.id };
}

const taxOf = (invoice: Stripe.Invoice) => (invoice.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0);

async function upgradeCharged(tenant: { id: string; name: string; slug: string }, customerId: string) {
  const preview = await previewPlanChange(tenant, "pro-month");
  const before = new Set((await stripe.invoices.list({ customer: customerId, limit: 100 })).data.map((i) => i.id));
  await changePlan(tenant, preview.quote);
  const created = (await stripe.invoices.list({ customer: customerId, limit: 100 })).data.filter((i) => !before.has(i.id));
  expect(created).toHaveLength(1);
  return { preview, invoice: created[0] as Stripe.Invoice };
}

describe("tax on a plan change (preview equals charge)", () => {
  it("charges German VAT (19%) exactly as previewed, and the invoice row keeps the tax", async () => {
    const { tenant, customerId } = await taxedTenant("");
    const { preview, invoice } = await upgradeCharged(tenant, customerId);
    expect(preview.invoicedNow).toBe(true);
    expect(preview.tax?.reverseCharge).toBe(false);
    expect(preview.tax?.amount).toBeGreaterThan(0);
    const net = preview.lines.reduce((sum, l) => sum + l.amount, 0);
    expect(preview.tax?.amount).toBe(Math.round(net * 0.19));
    expect(preview.chargedNow).toBe(net + (preview.tax?.amount ?? 0));
    expect(invoice.amount_paid).toBe(preview.chargedNow);
    expect(taxOf(invoice)).toBe(preview.tax?.amount);

    await deliverEmittedEvents(delivered);
    const row = await getDb().invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect(row.taxAmount).toBe(preview.tax?.amount);
    expect(row.taxReverseCharge).toBe(false);
  });

  it("reverse-charges a German business with a VAT number: no tax, and the charge equals the preview", async () => {
    const { tenant, customerId } = await taxedTenant("DE 123 456 789");
    expect((await getBillingDetails(tenant.id)).taxIds).toEqual([expect.objectContaining({ type: "eu_vat", value: "DE123456789", status: "verified" })]);
    const { preview, invoice } = await upgradeCharged(tenant, customerId);
    expect(preview.tax).toEqual({ amount: 0, reverseCharge: true });
    expect(preview.chargedNow).toBe(preview.lines.reduce((sum, l) => sum + l.amount, 0));
    expect(invoice.amount_paid).toBe(preview.chargedNow);
    expect(invoice.total_taxes?.every((t) => t.taxability_reason === "reverse_charge")).toBe(true);

    await deliverEmittedEvents(delivered);
    const row = await getDb().invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect(row).toMatchObject({ taxAmount: 0, taxReverseCharge: true });
  });
});

describe("billing details", () => {
  it("a VAT number Stripe refuses is a 400 with a clear message, and nothing is stored", async () => {
    const { tenant, customerId } = await taxedTenant("");
    const error = await saveBillingDetails(
      tenant,
      billingDetailsSchema.parse({ requestId: randomUUID(), name: "Other Name", address: { ...BERLIN, city: "Munich", postal_code: "80331" }, taxId: "DE12" }),
      BY,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid_input");
    expect((error as AppError).message).toMatch(/did not accept “DE12” as an EU VAT number. Check the number and its country prefix/);
    const customer = (await stripe.customers.retrieve(customerId)) as Stripe.Customer;
    expect(customer.name).toBe("Anchor GmbH");
    expect(customer.address?.city).toBe("Berlin");
    expect((await stripe.customers.listTaxIds(customerId)).data).toEqual([]);
  });

  it("replaces the tax ID and clears it when the field is emptied", async () => {
    const { tenant, customerId } = await taxedTenant("DE123456789");
    await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Anchor GmbH", address: BERLIN, taxId: "DE987654321" }), BY);
    expect((await stripe.customers.listTaxIds(customerId)).data.map((t) => t.value)).toEqual(["DE987654321"]);
    await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Anchor GmbH", address: BERLIN, taxId: "" }), BY);
    expect((await stripe.customers.listTaxIds(customerId)).data).toEqual([]);
  });

  it("saved before the first checkout, creates the customer with the billing admin's email", async () => {
    const row = await createTestTenant();
    const tenant = { id: row.id, name: row.name, slug: row.slug };
    await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Early GmbH", address: BERLIN, taxId: "" }), { ...BY, email: "early@example.test" });
    const { stripeCustomerId } = await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    const customer = (await stripe.customers.retrieve(stripeCustomerId ?? "")) as Stripe.Customer;
    expect(customer).toMatchObject({ email: "early@example.test", name: "Early GmbH", address: expect.objectContaining({ city: "Berlin" }) });
  });

  it("names the field that is too long (the address fields are in Stripe's Element: nothing of ours to highlight)", () => {
    const parsed = billingDetailsSchema.safeParse({ requestId: randomUUID(), name: "N".repeat(201), address: { ...BERLIN, city: "C".repeat(101) }, taxId: "F".repeat(41) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      "Keep the billing name under 200 characters.",
      "Keep the city under 100 characters.",
      "Keep the VAT / GST number under 40 characters.",
    ]);
  });

  it("never asks Stripe for automatic tax without an address (Stripe refuses it): a card checkout needs one, a trial starts untaxed and the billing details turn tax on", async () => {
    const row = await createTestTenant();
    const tenant = { id: row.id, name: row.name, slug: row.slug };
    const refused = await startCheckout(tenant, "starter-month", { email: "no-address@example.test", attemptId: randomUUID() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(400);
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId).toBeNull();

    const trial = await startTrial(tenant, "pro-month", { email: "no-address@example.test", attemptId: randomUUID() });
    if (trial.kind === "already_subscribed") throw new Error("expected a trial");
    expect((await stripe.subscriptions.retrieve(trial.subscriptionId)).automatic_tax.enabled).toBe(false);
    await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Anchor GmbH", address: BERLIN, taxId: "" }), BY);
    expect((await stripe.subscriptions.retrieve(trial.subscriptionId)).automatic_tax.enabled).toBe(true);

    // With the address on file, the next subscription is created taxed.
    const trialRow = await createTestTenant();
    const trialTenant = { id: trialRow.id, name: trialRow.name, slug: trialRow.slug };
    await saveBillingDetails(trialTenant, billingDetailsSchema.parse({ requestId: randomUUID(), name: "Anchor GmbH", address: BERLIN, taxId: "" }), BY);
    const taxedTrial = await startTrial(trialTenant, "pro-month", { email: "trial@example.test", attemptId: randomUUID() });
    if (taxedTrial.kind === "already_subscribed") throw new Error("expected a trial");
    expect((await stripe.subscriptions.retrieve(taxedTrial.subscriptionId)).automatic_tax.enabled).toBe(true);
  });
});
