// Contract: billing details and Stripe Tax — customer address, tax IDs (format check, test-mode verification),
// automatic_tax on subscriptions, invoice previews and Checkout Sessions, EU B2B reverse charge. The rate table
// is the emulator's (tax.ts), so amounts are checked only against the emulator; shapes run against real Stripe too.

import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { againstRealStripe, createMonthlyPrice, startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

let t: ContractTarget;
let stripe: Stripe;
let price: Stripe.Price;

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
  price = await createMonthlyPrice(stripe, 2000, "Taxed plan");
});
afterAll(() => stopContractTarget(t));

// The rate table and the verification rule are the emulator's own: real Stripe answers from its registrations.
const emulatorOnly = !againstRealStripe;

async function customerIn(address: Stripe.AddressParam, taxId?: { type: Stripe.TaxIdCreateParams.Type; value: string }): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ email: "tax@example.com", name: "Tax Co", address, payment_method: "pm_card_visa", invoice_settings: { default_payment_method: "pm_card_visa" } });
  if (taxId) await stripe.customers.createTaxId(customer.id, taxId);
  return customer;
}

describe("billing details on the customer", () => {
  it("stores the address and replaces it on update", async () => {
    const customer = await stripe.customers.create({ name: "Ada", address: { line1: "1 Main St", city: "Dublin", postal_code: "D02", country: "IE" } });
    expect(customer.address).toEqual({ line1: "1 Main St", line2: null, city: "Dublin", postal_code: "D02", state: null, country: "IE" });
    const updated = await stripe.customers.update(customer.id, { name: "Ada Ltd", address: { line1: "2 High St", city: "Berlin", postal_code: "10115", country: "DE" } });
    expect(updated.name).toBe("Ada Ltd");
    expect(updated.address?.country).toBe("DE");
    expect(updated.address?.city).toBe("Berlin");
  });
});

describe("tax IDs", () => {
  it("creates, lists, retrieves and deletes a customer's VAT number", async () => {
    const customer = await stripe.customers.create({ name: "VAT GmbH" });
    const taxId = await stripe.customers.createTaxId(customer.id, { type: "eu_vat", value: "DE123456789" });
    expect(taxId).toMatchObject({ object: "tax_id", type: "eu_vat", value: "DE123456789", country: "DE", customer: customer.id });
    const list = await stripe.customers.listTaxIds(customer.id);
    expect(list.data.map((x) => x.id)).toEqual([taxId.id]);
    expect((await stripe.customers.retrieveTaxId(customer.id, taxId.id)).id).toBe(taxId.id);
    const gone = await stripe.customers.deleteTaxId(customer.id, taxId.id);
    expect(gone).toMatchObject({ id: taxId.id, object: "tax_id", deleted: true });
    expect((await stripe.customers.listTaxIds(customer.id)).data).toEqual([]);
  });

  it("rejects a malformed value with tax_id_invalid and stores nothing", async () => {
    const customer = await stripe.customers.create({ name: "Bad VAT" });
    const err = await stripe.customers.createTaxId(customer.id, { type: "eu_vat", value: "DE12" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeInvalidRequestError).code).toBe("tax_id_invalid");
    expect((err as Stripe.errors.StripeInvalidRequestError).param).toBe("value");
    expect((await stripe.customers.listTaxIds(customer.id)).data).toEqual([]);
  });

  it.runIf(emulatorOnly)("verifies by the documented test rule: 111111111 unverified, 222222222 unavailable, else verified", async () => {
    const customer = await stripe.customers.create({ name: "Rules" });
    const status = async (type: Stripe.TaxIdCreateParams.Type, value: string) => (await stripe.customers.createTaxId(customer.id, { type, value })).verification?.status;
    expect(await status("eu_vat", "FR12345678901")).toBe("verified");
    expect(await status("eu_vat", "DE111111111")).toBe("unverified");
    expect(await status("gb_vat", "GB222222222")).toBe("unavailable");
    expect(await status("au_abn", "12345678912")).toBe("verified");
  });
});

describe("automatic tax", () => {
  it.runIf(emulatorOnly)("charges German VAT at 19% on a subscription's first invoice, and the charge includes it", async () => {
    const customer = await customerIn({ country: "DE", postal_code: "10115", city: "Berlin", line1: "1 Str" });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], automatic_tax: { enabled: true }, expand: ["latest_invoice"] });
    expect(sub.automatic_tax.enabled).toBe(true);
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv.subtotal).toBe(2000);
    expect(inv.total_taxes).toEqual([expect.objectContaining({ amount: 380, taxability_reason: "standard_rated", taxable_amount: 2000, tax_behavior: "exclusive" })]);
    expect(inv.total).toBe(2380);
    expect(inv.total_excluding_tax).toBe(2000);
    expect(inv.amount_paid).toBe(2380);
    expect(inv.lines.data[0]?.taxes).toEqual([expect.objectContaining({ amount: 380 })]);
    expect(inv.automatic_tax).toMatchObject({ enabled: true, status: "complete" });
    expect(inv.customer_address?.country).toBe("DE");
  });

  it.runIf(emulatorOnly)("reverse-charges an EU business with a valid VAT number (0, reverse_charge) and lists the id on the invoice", async () => {
    const customer = await customerIn({ country: "DE", postal_code: "10115" }, { type: "eu_vat", value: "DE123456789" });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], automatic_tax: { enabled: true }, expand: ["latest_invoice"] });
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv.total_taxes).toEqual([expect.objectContaining({ amount: 0, taxability_reason: "reverse_charge" })]);
    expect(inv.total).toBe(2000);
    expect(inv.customer_tax_ids).toEqual([{ type: "eu_vat", value: "DE123456789" }]);
  });

  it.runIf(emulatorOnly)("does not reverse-charge with an unverified VAT number, nor outside the rate table", async () => {
    const unverified = await customerIn({ country: "FR" }, { type: "eu_vat", value: "FR111111111" });
    const preview = await stripe.invoices.createPreview({ customer: unverified.id, subscription_details: { items: [{ price: price.id }] }, automatic_tax: { enabled: true } });
    expect(preview.total_taxes?.[0]).toMatchObject({ amount: 400, taxability_reason: "standard_rated" });
    expect(preview.amount_due).toBe(2400);
    const elsewhere = await customerIn({ country: "JP" });
    const jp = await stripe.invoices.createPreview({ customer: elsewhere.id, subscription_details: { items: [{ price: price.id }] }, automatic_tax: { enabled: true } });
    expect(jp.total_taxes?.[0]).toMatchObject({ amount: 0, taxability_reason: "not_collecting" });
    expect(jp.total).toBe(2000);
  });

  it.runIf(emulatorOnly)("a plan change's preview equals the invoice it bills, tax included (US-CA 7.25%)", async () => {
    const customer = await customerIn({ country: "US", state: "CA", postal_code: "94103" });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], automatic_tax: { enabled: true } });
    const bigger = await createMonthlyPrice(stripe, 5000, "Bigger");
    const item = sub.items.data[0]!;
    const prorationDate = Math.floor(Date.now() / 1000);
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: bigger.id }], proration_behavior: "always_invoice", proration_date: prorationDate },
    });
    const taxOf = (inv: Stripe.Invoice) => (inv.total_taxes ?? []).reduce((s, x) => s + x.amount, 0);
    expect(taxOf(preview)).toBeGreaterThan(0);
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: bigger.id }],
      proration_behavior: "always_invoice",
      proration_date: prorationDate,
      expand: ["latest_invoice"],
    });
    const billed = updated.latest_invoice as Stripe.Invoice;
    expect(billed.total).toBe(preview.total);
    expect(taxOf(billed)).toBe(taxOf(preview));
    expect(billed.amount_paid).toBe(preview.amount_due);
  });

  it.runIf(emulatorOnly)("a Checkout Session totals tax from the customer's address and passes automatic tax to the subscription", async () => {
    const customer = await customerIn({ country: "GB", postal_code: "SW1A 1AA" });
    const cs = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://localhost/ok",
      automatic_tax: { enabled: true },
    });
    expect(cs.automatic_tax).toMatchObject({ enabled: true, status: "complete" });
    expect(cs.total_details?.amount_tax).toBe(400);
    expect(cs.amount_subtotal).toBe(2000);
    expect(cs.amount_total).toBe(2400);
  });

  it.runIf(emulatorOnly)("without an address the invoice asks for location inputs and adds no tax", async () => {
    const customer = await stripe.customers.create({ email: "nowhere@example.com" });
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id }] }, automatic_tax: { enabled: true } });
    expect(preview.automatic_tax.status).toBe("requires_location_inputs");
    expect(preview.total).toBe(2000);
  });

  it.runIf(emulatorOnly)("a preview taxes the address in customer_details (a checkout's address being typed) and stores nothing", async () => {
    const berlin = { line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117", country: "DE" };
    const customer = await stripe.customers.create({ email: "typing@example.com" });
    const items = [{ price: price.id }];
    const withCustomer = await stripe.invoices.createPreview({ customer: customer.id, customer_details: { address: berlin }, subscription_details: { items }, automatic_tax: { enabled: true } });
    expect(withCustomer.automatic_tax.status).toBe("complete");
    expect(withCustomer.total_taxes).toEqual([expect.objectContaining({ amount: 380, taxability_reason: "standard_rated" })]);
    expect(withCustomer.total).toBe(2380);
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ address: null });
    // No customer yet: the details alone locate the preview (Stripe's preview for a customer not created yet).
    const noCustomer = await stripe.invoices.createPreview({ customer_details: { address: { ...berlin, country: "US", state: "OR", city: "Portland", postal_code: "97201" } }, subscription_details: { items }, automatic_tax: { enabled: true } });
    expect(noCustomer.automatic_tax.status).toBe("complete");
    expect(noCustomer.total).toBe(2000);
    const bad = (await stripe.invoices
      .createPreview({ customer_details: { address: { ...berlin, country: "Germany" } }, subscription_details: { items }, automatic_tax: { enabled: true } })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(bad.statusCode).toBe(400);
    expect(bad.param).toBe("address[country]");
  });

  it.runIf(emulatorOnly)("a preview's customer_details[tax_ids] reverse-charge as the customer's own would, replace them, and a malformed one is tax_id_invalid", async () => {
    const berlin = { line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117", country: "DE" };
    const items = [{ price: price.id }];
    const preview = (tax_ids: Stripe.InvoiceCreatePreviewParams.CustomerDetails.TaxId[], customer?: string) =>
      stripe.invoices.createPreview({ ...(customer && { customer }), customer_details: { address: berlin, tax_ids }, subscription_details: { items }, automatic_tax: { enabled: true } });
    // A business in Germany with a German VAT number, buying from a US seller: reverse charge, no tax.
    const reverse = await preview([{ type: "eu_vat", value: "DE 123456789" }]);
    expect(reverse.total_taxes).toEqual([expect.objectContaining({ amount: 0, taxability_reason: "reverse_charge" })]);
    expect(reverse.total).toBe(2000);
    expect(reverse.customer_tax_ids).toEqual([{ type: "eu_vat", value: "DE123456789" }]);
    // Another country's number, or one the registry calls unverified, is not a German business's: German VAT.
    expect((await preview([{ type: "eu_vat", value: "FR12345678901" }])).total).toBe(2380);
    expect((await preview([{ type: "eu_vat", value: "DE111111111" }])).total).toBe(2380);
    // They stand in for the stored customer's: its reverse-charging number does not count when the details give another.
    const customer = await customerIn(berlin, { type: "eu_vat", value: "DE123456789" });
    expect((await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items }, automatic_tax: { enabled: true } })).total).toBe(2000);
    expect((await preview([{ type: "eu_vat", value: "DE111111111" }], customer.id)).total).toBe(2380);
    expect((await preview([{ type: "eu_vat", value: "DE987654321" }], customer.id)).customer_tax_ids).toEqual([{ type: "eu_vat", value: "DE987654321" }]);
    const invalid = (await preview([{ type: "eu_vat", value: "DE12" }], customer.id).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(invalid).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(invalid).toMatchObject({ statusCode: 400, code: "tax_id_invalid", param: "customer_details[tax_ids][0][value]" });
    // Nothing was stored: the customer keeps the one number it had.
    expect((await stripe.customers.listTaxIds(customer.id)).data.map((t) => t.value)).toEqual(["DE123456789"]);
  });

  it("refuses a subscription with automatic tax for a customer without an address (customer_tax_location_invalid), create and update", async () => {
    const customer = await stripe.customers.create({ email: "unlocated@example.com" });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const refused = (await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], automatic_tax: { enabled: true } })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe("customer_tax_location_invalid");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);

    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const update = (await stripe.subscriptions.update(sub.id, { automatic_tax: { enabled: true } }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(update.code).toBe("customer_tax_location_invalid");
    expect((await stripe.subscriptions.retrieve(sub.id)).automatic_tax.enabled).toBe(false);

    await stripe.customers.update(customer.id, { address: { country: "DE", postal_code: "10115", city: "Berlin", line1: "Unter den Linden 1" } });
    const taxed = await stripe.subscriptions.update(sub.id, { automatic_tax: { enabled: true } });
    expect(taxed.automatic_tax.enabled).toBe(true);
  });
});
