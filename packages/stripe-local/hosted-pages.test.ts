// The stand-in hosted pages (Checkout, billing portal, 3DS) driven over plain HTTP like a browser form.

import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonthlyPrice, startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

let t: ContractTarget;
let stripe: Stripe;

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
});
afterAll(() => stopContractTarget(t));

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function post(url: string, fields: Record<string, string>) {
  return fetch(url, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form(fields) });
}

/** A $20 monthly Checkout Session with automatic tax for a new customer, plus `extra` parameters. */
async function taxedSession(email: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  const price = await createMonthlyPrice(stripe, 2000, "Checkout tax plan");
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    customer_email: email,
    success_url: "http://app.local/done?session_id={CHECKOUT_SESSION_ID}",
    automatic_tax: { enabled: true },
    ...extra,
  });
}

describe.skipIf(Boolean(process.env.STRIPE_SECRET_KEY?.startsWith("sk_test_") && !process.env.STRIPE_API_URL))("hosted pages (emulator only)", () => {
  it("Checkout: declines show the message, a good card completes and redirects with the session id", async () => {
    const price = await createMonthlyPrice(stripe, 2500, "Checkout plan");
    const session: Stripe.Checkout.Session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      customer_email: "buyer@example.com",
      client_reference_id: "tenant_1",
      success_url: "http://app.local/billing/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.local/billing",
    });
    expect(session.url).toContain("/_local/checkout/");
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]?.amount_total).toBe(2500);
    const pageHtml = await (await fetch(session.url ?? "")).text();
    expect(pageHtml).toContain("Checkout plan");

    const declined = await post(session.url ?? "", { email: "buyer@example.com", number: "4000000000000002", exp: "12 / 34", cvc: "123" });
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain("Your card was declined.");

    const ok = await post(session.url ?? "", { email: "buyer@example.com", number: "4242 4242 4242 4242", exp: "12 / 34", cvc: "123" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`http://app.local/billing/success?session_id=${session.id}`);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done.status).toBe("complete");
    expect(done.payment_status).toBe("paid");
    expect(done.url).toBeNull();
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe("active");
    expect(sub.customer).toBe(done.customer);
    const events = await stripe.events.list({ limit: 40 });
    const types = events.data.map((e) => e.type).reverse();
    const completedAt = types.lastIndexOf("checkout.session.completed");
    expect(completedAt).toBe(types.length - 1);
    expect(types).toEqual(expect.arrayContaining(["customer.created", "customer.subscription.created", "invoice.paid", "customer.subscription.updated"]));
  });

  it("Checkout collects the billing address and a tax ID when the session asks, and taxes from that address", async () => {
    const session = await taxedSession("vat@example.com", { billing_address_collection: "required", tax_id_collection: { enabled: true } });
    expect(session.tax_id_collection).toMatchObject({ enabled: true });
    const pageHtml = await (await fetch(session.url ?? "")).text();
    for (const name of ["line1", "city", "postal_code", "country", "tax_id_type", "tax_id_value"]) expect(pageHtml).toContain(`name="${name}"`);

    const card = { email: "vat@example.com", number: "4242 4242 4242 4242", exp: "12 / 34", cvc: "123" };
    const noAddress = await post(session.url ?? "", card);
    expect(noAddress.status).toBe(200);
    expect(await noAddress.text()).toContain("Enter your billing address");
    const badVat = await post(session.url ?? "", { ...card, line1: "Rue de Rivoli 1", city: "Paris", postal_code: "75001", country: "FR", tax_id_type: "eu_vat", tax_id_value: "FR12" });
    expect(await badVat.text()).toContain("Invalid value for eu_vat");
    expect((await stripe.customers.list({ email: "vat@example.com" })).data).toEqual([]);

    const ok = await post(session.url ?? "", {
      ...card,
      business_name: "Anchor SARL",
      line1: "Rue de Rivoli 1",
      city: "Paris",
      postal_code: "75001",
      country: "FR",
      tax_id_type: "eu_vat",
      tax_id_value: "FR12345678901",
    });
    expect(ok.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription.latest_invoice"] });
    expect(done.customer_details).toMatchObject({ address: { country: "FR", postal_code: "75001", city: "Paris" }, business_name: "Anchor SARL", tax_ids: [{ type: "eu_vat", value: "FR12345678901" }] });
    const customer = (await stripe.customers.retrieve(done.customer as string)) as Stripe.Customer;
    expect(customer.address).toMatchObject({ country: "FR", line1: "Rue de Rivoli 1" });
    expect((await stripe.customers.listTaxIds(customer.id)).data.map((t) => t.value)).toEqual(["FR12345678901"]);
    // A French business with a verified VAT number buying from the emulator's seller: reverse charge.
    const invoice = (done.subscription as Stripe.Subscription).latest_invoice as Stripe.Invoice;
    expect(invoice.total_taxes).toEqual([expect.objectContaining({ amount: 0, taxability_reason: "reverse_charge" })]);
  });

  it("Checkout with automatic tax asks for the address of a customer it cannot locate, even without billing_address_collection", async () => {
    const session = await taxedSession("located@example.com");
    const pageHtml = await (await fetch(session.url ?? "")).text();
    expect(pageHtml).toContain('name="country"');
    expect(pageHtml).not.toContain('name="tax_id_value"');
    const ok = await post(session.url ?? "", { email: "located@example.com", number: "4242424242424242", exp: "12 / 34", cvc: "123", line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" });
    expect(ok.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription.latest_invoice"] });
    const invoice = (done.subscription as Stripe.Subscription).latest_invoice as Stripe.Invoice;
    expect(invoice.total_taxes?.[0]).toMatchObject({ taxability_reason: "standard_rated" });
    expect(invoice.total).toBeGreaterThan(2000);
  });

  it("Checkout: a declined payment creates no subscription; the one that succeeds creates exactly one", async () => {
    const price = await createMonthlyPrice(stripe, 1900, "Checkout decline plan");
    const customer = await stripe.customers.create({ email: "decliner@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://app.local/return?session_id={CHECKOUT_SESSION_ID}",
    });
    // Declined at attach, at charge, and after a passed 3DS challenge: as Stripe, no subscription until paid.
    for (const number of ["4000000000000002", "4000000000000341", "4000008260003178"]) {
      const declined = await post(session.url ?? "", { number, exp: "12 / 34", cvc: "123" });
      expect(declined.status, number).toBe(200);
      expect(await declined.text()).toMatch(/declined|insufficient funds/);
      expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data, number).toEqual([]);
      expect((await stripe.invoices.list({ customer: customer.id })).data, number).toEqual([]);
    }
    const ok = await post(session.url ?? "", { number: "4242424242424242", exp: "12 / 34", cvc: "123" });
    expect(ok.status).toBe(303);
    const subs = (await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data;
    expect(subs.map((s) => s.status)).toEqual(["active"]);
  });

  it("Checkout: a trial with payment_method_collection=if_required completes without a card and ends as trial_settings says", async () => {
    const price = await createMonthlyPrice(stripe, 2500, "Trial plan");
    const create = (collection: "always" | "if_required") =>
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: price.id, quantity: 1 }],
        customer_email: "trial@example.com",
        payment_method_collection: collection,
        subscription_data: { trial_period_days: 7, trial_settings: { end_behavior: { missing_payment_method: "pause" } } },
        success_url: "http://app.local/done?session_id={CHECKOUT_SESSION_ID}",
      });
    const always = await create("always");
    expect(await (await fetch(always.url ?? "")).text()).toMatch(/name="number"[^>]*required/);
    const session = await create("if_required");
    expect(session.payment_method_collection).toBe("if_required");
    const pageHtml = await (await fetch(session.url ?? "")).text();
    expect(pageHtml).toContain("Card number (optional)");
    expect(pageHtml).not.toMatch(/name="number"[^>]*required/);
    const ok = await post(session.url ?? "", { email: "trial@example.com", number: "", exp: "", cvc: "" });
    expect(ok.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done.payment_status).toBe("no_payment_required");
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe("trialing");
    expect(sub.default_payment_method).toBeNull();
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("pause");
  });

  it("Checkout: expire", async () => {
    const price = await createMonthlyPrice(stripe, 500);
    const session = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id, quantity: 1 }], success_url: "http://x/ok" });
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    expect((await fetch(session.url ?? "")).status).toBe(410);
  });

  it("billing portal: refused until the account has a configuration, then offers only what it allows", async () => {
    const basic = await createMonthlyPrice(stripe, 1000, "Basic");
    const pro = await createMonthlyPrice(stripe, 3000, "Pro");
    const hidden = await createMonthlyPrice(stripe, 9000, "Hidden");
    const customer = await stripe.customers.create({ email: "portal@example.com" });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });

    // As in a fresh Stripe account: no portal settings saved, no session.
    const refused = (await stripe.billingPortal.sessions.create({ customer: customer.id }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(refused.statusCode).toBe(400);
    expect(refused.message).toContain("customer portal settings");

    const configuration = await stripe.billingPortal.configurations.create({
      features: {
        payment_method_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          proration_behavior: "create_prorations",
          products: [
            { product: basic.product as string, prices: [basic.id] },
            { product: pro.product as string, prices: [pro.id] },
          ],
        },
      },
    });
    const portal: Stripe.BillingPortal.Session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://app.local/billing", configuration: configuration.id });
    expect(portal.configuration).toBe(configuration.id);
    expect(portal.url).toContain("/_local/portal/");
    const pageHtml = await (await fetch(portal.url)).text();
    expect(pageHtml).toContain("Basic");
    expect(pageHtml).toContain(pro.id);
    expect(pageHtml).not.toContain(hidden.id);
    expect(await (await post(`${portal.url}/plan`, { subscription: sub.id, price: hidden.id })).text()).toContain("not offered");

    expect((await post(`${portal.url}/payment_method`, { number: "5555555555554444", exp: "12/34", cvc: "123" })).status).toBe(303);
    const updatedCustomer = await stripe.customers.retrieve(customer.id);
    const newPm = await stripe.paymentMethods.retrieve((updatedCustomer as Stripe.Customer).invoice_settings.default_payment_method as string);
    expect(newPm.card?.last4).toBe("4444");

    expect((await post(`${portal.url}/plan`, { subscription: sub.id, price: pro.id })).status).toBe(303);
    const switched = await stripe.subscriptions.retrieve(sub.id);
    expect(switched.items.data[0]?.price.id).toBe(pro.id);
    const prorations = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(prorations.data.length).toBeGreaterThan(0);

    expect((await post(`${portal.url}/cancel`, { subscription: sub.id })).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
  });

  it("invoice links: the hosted page shows the invoice and links its PDF, a real PDF file whose cross-references hold", async () => {
    const price = await createMonthlyPrice(stripe, 1900, "Starter × monthly (café)");
    const customer = await stripe.customers.create({ email: "pdf@example.com", name: "PDF (Test) Co" });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [inv] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(inv?.status).toBe("paid");

    const hosted = await fetch(inv?.hosted_invoice_url ?? "");
    expect(hosted.status).toBe(200);
    const hostedHtml = await hosted.text();
    expect(hostedHtml).toContain(`Invoice ${inv?.number}`);
    expect(hostedHtml).toContain(`href="${inv?.invoice_pdf}"`);

    const pdf = await fetch(inv?.invoice_pdf ?? "");
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe(`inline; filename="Invoice-${inv?.number}.pdf"`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const text = bytes.toString("latin1");
    expect(text.startsWith("%PDF-1.4\n")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    // Every cross-reference entry points at its object, and startxref at the table: what a reader seeks by.
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe("xref");
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(6);
    entries.forEach((offset, i) => expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`));
    const stream = /<< \/Length (\d+) >>\nstream\n/.exec(text);
    const streamStart = (stream?.index ?? 0) + (stream?.[0].length ?? 0);
    expect(text.slice(streamStart + Number(stream?.[1]), streamStart + Number(stream?.[1]) + 10)).toBe("\nendstream");
    // The text a reader shows: the number, the customer, the line (× and é in WinAnsi octal escapes), the totals.
    expect(text).toContain(`(Invoice ${inv?.number}) Tj`);
    expect(text).toContain("(Billed to: PDF \\(Test\\) Co) Tj");
    expect(text).toContain("Starter \\327 monthly \\(caf\\351\\)");
    expect(text).toContain("(Amount paid) Tj");
    expect(text).toContain("($19.00) Tj");

    expect((await fetch(`${t.local?.url}/_local/invoices/in_missing/pdf`)).status).toBe(404);
  });

  it("serves the Stripe.js stand-in (or its placeholder) as JavaScript", async () => {
    const res = await fetch(`${t.local?.url}/v3/stripe.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/javascript");
  });
});
