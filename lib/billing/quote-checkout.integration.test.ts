// The first card checkout's price with Stripe Tax on: one quote for the page, the address preview and startCheckout.
// Without an address there is no estimate and no checkout (400, nothing created); an address being typed is taxed
// without being stored; a total other than the quote is a 409 and nothing is created; with the address, it is saved
// (audited) before the subscription, which is created taxed and charges the quoted total. A VAT number typed with it
// is previewed and saved too: an EU business abroad is quoted and charged the reverse charge; a number Stripe refuses
// is a 400 naming it, and nothing is created. Real PostgreSQL, the emulator, the app's client.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { seedPlans } from "@/lib/plans/seed-plans";
import { createTestTenant } from "@/testing/test-db";
import { startLocalStripeForTests } from "@/testing/local-stripe";
import { billingAddressSchema, billingDetailsSchema, saveBillingDetails } from "./billing-details";
import { priceCheckout, quoteCheckout } from "./quote-checkout";
import { startCheckout } from "./start-checkout";

let emulator: StripeLocal;
let stripe: Stripe;
let starter: Awaited<ReturnType<typeof getActivePlanOrThrow>>;

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests({ STRIPE_TAX_ENABLED: "1", LOG_LEVEL: "silent" }));
  await seedPlans();
  starter = await getActivePlanOrThrow("starter-month");
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

const BERLIN = { name: "Anchor GmbH", address: { line1: "Unter den Linden 1", line2: null, city: "Berlin", state: null, postal_code: "10117", country: "DE" } };
const PARIS = { name: "Anchor SARL", address: { line1: "1 Rue de Rivoli", line2: null, city: "Paris", state: null, postal_code: "75001", country: "FR" } };
// The emulator's rate table (packages/stripe-local/tax.ts): DE 19 %, FR 20 %, per line, rounded.
const vat = (rate: number) => Math.round((starter.amount * rate) / 100);

async function newTenant() {
  const row = await createTestTenant();
  return { id: row.id, name: row.name, slug: row.slug };
}

const customerOf = async (tenantId: string) => (await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId } })).stripeCustomerId;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("quoteCheckout", () => {
  it("has no estimate without a customer or an address, and says an address is needed", async () => {
    const tenant = await newTenant();
    const quote = await quoteCheckout({ tenantId: tenant.id, plan: starter, seats: 1, promotion: null });
    expect(quote).toEqual({ subtotal: starter.amount, discount: 0, tax: null, needsAddress: true, total: starter.amount, currency: starter.currency });
    const customer = await stripe.customers.create({ metadata: { tenantId: tenant.id } });
    await getDb().tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
    expect((await quoteCheckout({ tenantId: tenant.id, plan: starter, seats: 1, promotion: null })).needsAddress).toBe(true);
  });

  it("taxes an address being typed without storing it or creating a customer", async () => {
    const tenant = await newTenant();
    const { quote } = await priceCheckout({ tenantId: tenant.id, plan: starter, code: "", address: BERLIN.address });
    expect(quote).toMatchObject({ tax: { amount: vat(19), reverseCharge: false }, needsAddress: false, total: starter.amount + vat(19) });
    expect(await customerOf(tenant.id)).toBeNull();
  });

  it("estimates from the billing address on file", async () => {
    const tenant = await newTenant();
    await saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), ...PARIS, taxId: "" }), { userId: "quote-test" });
    const quote = await quoteCheckout({ tenantId: tenant.id, plan: starter, seats: 1, promotion: null });
    expect(quote).toMatchObject({ tax: { amount: vat(20), reverseCharge: false }, needsAddress: false, total: starter.amount + vat(20) });
  });
});

describe("startCheckout with tax on", () => {
  it("refuses to start without a billing address (400) and creates nothing", async () => {
    const tenant = await newTenant();
    const error = await refusal(startCheckout(tenant, "starter-month", { attemptId: randomUUID(), expectedTotal: starter.amount }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Enter your billing address/);
    expect(await customerOf(tenant.id)).toBeNull();
  });

  it("refuses a total other than the quote (409 naming the new total) and creates nothing", async () => {
    const tenant = await newTenant();
    // The untaxed amount, as a page that never showed the tax (or an altered request) would send.
    const error = await refusal(startCheckout(tenant, "starter-month", { attemptId: randomUUID(), expectedTotal: starter.amount, billingAddress: BERLIN }));
    expect(error.status).toBe(409);
    expect(error.message).toContain("The total is now $22.61");
    expect(error.message).toContain("Nothing was charged");
    expect(await customerOf(tenant.id)).toBeNull();
  });

  it("saves the typed address (audited) before creating the subscription taxed, charging the quoted total; a retry with another address is taxed for it", async () => {
    const tenant = await newTenant();
    const attemptId = randomUUID();
    const total = starter.amount + vat(19);
    const started = await startCheckout(tenant, "starter-month", { attemptId, expectedTotal: total, billingAddress: BERLIN, userId: "quote-test", email: "berlin@example.test" });
    if (started.kind !== "payment") throw new Error(`expected a payment, got ${started.kind}`);
    expect(started.amountDue).toBe(total);
    const sub = await stripe.subscriptions.retrieve(started.subscriptionId, { expand: ["latest_invoice"] });
    expect(sub.automatic_tax.enabled).toBe(true);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.total_taxes?.reduce((sum, t) => sum + t.amount, 0)).toBe(vat(19));
    const customer = (await stripe.customers.retrieve(sub.customer as string)) as Stripe.Customer;
    expect(customer).toMatchObject({ name: "Anchor GmbH", address: expect.objectContaining({ city: "Berlin", country: "DE" }) });
    const audit = await getDb().auditLog.findMany({ where: { tenantId: tenant.id, action: "tenant.billing_address_change" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "user:quote-test", after: expect.objectContaining({ address: "Unter den Linden 1, 10117 Berlin, DE" }) });

    // A double click: the same subscription, the address saved once.
    const again = await startCheckout(tenant, "starter-month", { attemptId, expectedTotal: total, billingAddress: BERLIN, userId: "quote-test" });
    expect(again).toMatchObject({ kind: "payment", subscriptionId: started.subscriptionId });
    expect(await getDb().auditLog.count({ where: { tenantId: tenant.id, action: "tenant.billing_address_change" } })).toBe(1);

    // Declined, then corrected to Paris in the same page view: French VAT, on a new attempt.
    const paris = await startCheckout(tenant, "starter-month", { attemptId, expectedTotal: starter.amount + vat(20), billingAddress: PARIS, userId: "quote-test" });
    if (paris.kind !== "payment") throw new Error(`expected a payment, got ${paris.kind}`);
    expect(paris.subscriptionId).not.toBe(started.subscriptionId);
    expect(paris.amountDue).toBe(starter.amount + vat(20));
  });

  it("quotes and charges a German business with a valid VAT number the reverse charge, and saves the number with the address", async () => {
    const tenant = await newTenant();
    // Typed with spaces and in lower case, as the form's schema passes it on after normalising: DE123456789.
    const taxId = billingDetailsSchema.shape.taxId.parse("de 123 456 789");
    const { quote } = await priceCheckout({ tenantId: tenant.id, plan: starter, code: "", address: BERLIN.address, taxId });
    expect(quote).toMatchObject({ tax: { amount: 0, reverseCharge: true }, needsAddress: false, total: starter.amount });
    expect(await customerOf(tenant.id)).toBeNull();

    const started = await startCheckout(tenant, "starter-month", { attemptId: randomUUID(), expectedTotal: starter.amount, billingAddress: { ...BERLIN, taxId }, userId: "quote-test" });
    if (started.kind !== "payment") throw new Error(`expected a payment, got ${started.kind}`);
    expect(started.amountDue).toBe(starter.amount);
    const sub = await stripe.subscriptions.retrieve(started.subscriptionId, { expand: ["latest_invoice"] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.total_taxes).toEqual([expect.objectContaining({ amount: 0, taxability_reason: "reverse_charge" })]);
    expect(invoice.customer_tax_ids).toEqual([{ type: "eu_vat", value: "DE123456789" }]);
    expect((await stripe.customers.listTaxIds(sub.customer as string)).data.map((t) => [t.type, t.value])).toEqual([["eu_vat", "DE123456789"]]);
    expect(await getDb().auditLog.count({ where: { tenantId: tenant.id, action: "tenant.tax_id_add" } })).toBe(1);
  });

  it("refuses a VAT number Stripe does not accept, or one for a country without tax IDs (400 naming the field), and creates nothing", async () => {
    const tenant = await newTenant();
    const preview = await refusal(priceCheckout({ tenantId: tenant.id, plan: starter, code: "", address: BERLIN.address, taxId: "DE12" }));
    expect(preview.status).toBe(400);
    expect(preview.fieldErrors?.taxId).toEqual(["Stripe did not accept “DE12” as an EU VAT number. Check the number and its country prefix, and the billing country."]);
    const start = await refusal(
      startCheckout(tenant, "starter-month", { attemptId: randomUUID(), expectedTotal: starter.amount, billingAddress: { ...BERLIN, taxId: "DE12" }, userId: "quote-test" }),
    );
    expect(start.status).toBe(400);
    expect(start.fieldErrors?.taxId?.[0]).toContain("“DE12”");
    const tokyo = { name: "Anchor KK", address: { line1: "1 Chiyoda", line2: null, city: "Tokyo", state: null, postal_code: "100-0001", country: "JP" } };
    const noTaxIds = await refusal(startCheckout(tenant, "starter-month", { attemptId: randomUUID(), expectedTotal: starter.amount, billingAddress: { ...tokyo, taxId: "123" }, userId: "quote-test" }));
    expect(noTaxIds).toMatchObject({ status: 400, fieldErrors: { taxId: ["Tax IDs are not collected for this country."] } });
    expect(await customerOf(tenant.id)).toBeNull();
    expect(await getDb().auditLog.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("refuses an unknown country and a very long line before asking Stripe", () => {
    const unknown = billingAddressSchema.safeParse({ ...BERLIN, address: { ...BERLIN.address, country: "ZZ" } });
    expect(unknown.error?.issues.map((i) => i.message)).toEqual(["Choose a country."]);
    const long = billingAddressSchema.safeParse({ ...BERLIN, address: { ...BERLIN.address, line1: "x".repeat(5000) } });
    expect(long.error?.issues.map((i) => i.message)).toEqual(["Keep the address under 200 characters."]);
  });
});
