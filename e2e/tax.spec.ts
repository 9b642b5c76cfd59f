// Tax with billing details, in Chromium against the emulator (STRIPE_TAX_ENABLED is on in the e2e stack): the
// billing address and VAT number entered on /billing through the Address Element decide the tax of the next
// invoice; a VAT number Stripe refuses is said so and stored nowhere; the plan change is charged what its preview
// said, tax included, and the invoice list shows the tax (or the reverse charge). A first card checkout without an
// address asks for it beside the card (and an optional VAT number), previews its tax (or the reverse charge) and
// charges exactly that; a VAT number Stripe refuses, and hostile input, change nothing.
import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { customerFor, enterBillingDetails, expectInvoiceListFits, fillCheckoutAddress, payOnHostedCheckout, reloadUntil, signUp, signUpAndSubscribe, stripeClient, typeCardFields } from "./support";

const SCREENSHOTS = "test-results/screenshots";
const PARIS_ADDRESS = { country: "FR", line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001" };
const BERLIN = { name: "Anchor GmbH", country: "DE", line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117" };
mkdirSync(SCREENSHOTS, { recursive: true });

// Sign-up with email confirmation, checkout, billing details and a plan change: a long journey on a loaded machine.
test.describe.configure({ timeout: 180_000 });

async function upgradeToPro(page: Page): Promise<{ previewed: number; tax: number; reverseCharge: boolean }> {
  await page.getByTestId("plan-select").selectOption("pro-month");
  await page.getByTestId("preview-plan-change").click();
  const due = page.getByTestId("preview-due-now");
  await expect(due).toBeVisible();
  const taxLine = page.getByTestId("tax-line");
  await expect(taxLine).toBeVisible();
  const result = {
    previewed: Number(await due.getAttribute("data-amount")),
    tax: Number(await taxLine.getAttribute("data-amount")),
    reverseCharge: (await taxLine.getAttribute("data-reverse-charge")) === "true",
  };
  await page.getByTestId("confirm-plan-change").click();
  await expect(page.getByTestId("plan-change-done")).toContainText("You are now on Pro");
  return result;
}

async function changeInvoiceOf(email: string) {
  const customer = await customerFor(email);
  const invoices = await stripeClient().invoices.list({ customer: customer.id, limit: 10 });
  const invoice = invoices.data.find((i) => i.billing_reason === "subscription_update");
  if (!invoice) throw new Error("no plan-change invoice");
  return { customer, invoice };
}

test("a VAT number Stripe refuses is refused with its reason; a valid one reverse-charges the plan change", async ({ page }) => {
  const email = await signUpAndSubscribe(page, "Reverse GmbH");
  await enterBillingDetails(page, { country: "DE", city: "Berlin", postalCode: "10117", taxId: "DE12" });
  await expect(page.getByTestId("billing-details-error")).toContainText("did not accept “DE12” as an EU VAT number");
  // The refused save changed nothing: the address is still the one given at checkout.
  const before = await customerFor(email);
  expect(before.address).toMatchObject({ city: "Portland", country: "US" });
  expect((await stripeClient().customers.listTaxIds(before.id)).data).toEqual([]);

  await page.getByTestId("tax-id-input").fill("DE123456789");
  await page.getByRole("button", { name: "Save billing details" }).click();
  await expect(page.getByTestId("billing-details-saved")).toBeVisible();
  await expect(page.getByTestId("tax-id-status")).toContainText("DE123456789: verified");

  const { previewed, tax, reverseCharge } = await upgradeToPro(page);
  expect(reverseCharge).toBe(true);
  expect(tax).toBe(0);
  const { customer, invoice } = await changeInvoiceOf(email);
  expect(customer.address?.country).toBe("DE");
  expect(invoice.amount_paid).toBe(previewed);
  expect(invoice.total_taxes?.[0]?.taxability_reason).toBe("reverse_charge");

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("invoice-tax").filter({ hasText: "Reverse charge" })).toHaveCount(1);
  }).toPass({ timeout: 30_000 });
});

test("a French address without a VAT number pays 20% VAT on the plan change, as previewed and listed", async ({ page }) => {
  const email = await signUpAndSubscribe(page, "Paris SARL");
  await enterBillingDetails(page, { country: "FR", city: "Paris", postalCode: "75001", taxId: "" });
  await expect(page.getByTestId("billing-details-saved")).toBeVisible();

  const { previewed, tax, reverseCharge } = await upgradeToPro(page);
  expect(reverseCharge).toBe(false);
  expect(tax).toBeGreaterThan(0);
  const { invoice } = await changeInvoiceOf(email);
  expect(invoice.amount_paid).toBe(previewed);
  expect((invoice.total_taxes ?? []).reduce((s, t) => s + t.amount, 0)).toBe(tax);

  await expect(async () => {
    await page.reload();
    await expect(page.locator(`[data-testid="invoice-tax"][data-amount="${tax}"]`)).toHaveCount(1);
  }).toPass({ timeout: 30_000 });
});

test("checkout asks for the billing address beside the card: Berlin's 19% VAT is previewed, charged and invoiced alike", async ({ page }) => {
  const email = await signUp(page, "Berlin Buyer");
  await page.goto("/checkout/starter-month");
  await expect(page.getByTestId("tax-needs-address")).toContainText("Tax: worked out from the billing address you enter with your card.");
  await expect(page.getByTestId("tax-line")).toHaveCount(0);
  await expect(page.getByTestId("due-today")).toHaveText("$19.00");

  // The card alone is not enough: the address is checked before anything is created.
  await typeCardFields(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toHaveText("Your address is incomplete.");
  await expect(page.getByTestId("checkout-address").getByText("This field is incomplete.").first()).toBeVisible();
  expect((await stripeClient().customers.list({ email, limit: 1 })).data).toEqual([]);

  await fillCheckoutAddress(page, BERLIN);
  await expect(page.getByTestId("payment-error")).toHaveCount(0);
  const taxLine = page.getByTestId("tax-line");
  await expect(taxLine).toHaveAttribute("data-amount", "361");
  await expect(page.getByTestId("due-today")).toHaveText("$22.61");
  const previewedTax = Number(await taxLine.getAttribute("data-amount"));
  await look(page, "checkout-address-berlin");

  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  const customer = await customerFor(email);
  expect(customer.address).toMatchObject({ line1: BERLIN.line1, city: "Berlin", postal_code: "10117", country: "DE" });
  const [invoice] = (await stripeClient().invoices.list({ customer: customer.id, limit: 1 })).data;
  expect(invoice?.status).toBe("paid");
  expect((invoice?.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0)).toBe(previewedTax);
  expect(invoice?.amount_paid).toBe(2261);

  // The address is now the billing details': the Billing details card shows it.
  await page.goto("/billing");
  await expect(page.getByTestId("billing-details-form").getByLabel("City")).toHaveValue("Berlin");

  // A partial refund of the taxed invoice: the widest row the list has (tax, paid, refunded, badges, links) still
  // fits 390 px, and the tenant sees the refund.
  const charge = (await stripeClient().charges.list({ customer: customer.id, limit: 1 })).data[0];
  await stripeClient().refunds.create({ charge: charge?.id ?? "", amount: 500 }, { idempotencyKey: `e2e-refund-${charge?.id}` });
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("invoice-refund").first()).toContainText("Refunded $5.00 on", { timeout: 1000 });
  });
  await expect(page.getByTestId("invoice-refund-status").first()).toHaveText("partly refunded");
  await expectInvoiceListFits(page, 390);
  await page.screenshot({ path: `${SCREENSHOTS}/tax-invoice-refund-narrow.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("checkout takes a VAT number beside the address: one Stripe refuses is refused with its reason; a Berlin business's valid DE number is reverse-charged, $19.00", async ({ page }) => {
  const email = await signUp(page, "Berlin VAT GmbH");
  await page.goto("/checkout/starter-month");
  await typeCardFields(page, "4242 4242 4242 4242");
  await fillCheckoutAddress(page, BERLIN);
  await expect(page.getByTestId("tax-line")).toHaveAttribute("data-amount", "361");

  // Malformed: the preview says why, no tax is shown as worked out, and Subscribe is refused the same way.
  const refused = "Stripe did not accept “DE12” as an EU VAT number. Check the number and its country prefix, and the billing country.";
  await page.getByLabel("VAT number (businesses)").fill("DE12");
  await expect(page.getByTestId("address-error")).toHaveText(refused);
  await expect(page.getByTestId("tax-line")).toHaveCount(0);
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toHaveText(refused);
  expect((await stripeClient().customers.list({ email, limit: 1 })).data).toEqual([]);

  // Valid (typed with spaces): a German business buying from a US seller accounts for the VAT itself.
  await page.getByLabel("VAT number (businesses)").fill("de 123 456 789");
  const taxLine = page.getByTestId("tax-line");
  await expect(taxLine).toHaveAttribute("data-reverse-charge", "true");
  await expect(taxLine).toContainText("VAT: reverse charge");
  await expect(taxLine).toHaveAttribute("data-amount", "0");
  await expect(page.getByTestId("due-today")).toHaveText("$19.00");
  await expect(page.getByTestId("address-error")).toHaveCount(0);
  await expect(page.getByTestId("payment-error")).toHaveCount(0);
  await look(page, "checkout-vat-reverse-charge");

  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  const customer = await customerFor(email);
  expect((await stripeClient().customers.listTaxIds(customer.id)).data.map((t) => [t.type, t.value])).toEqual([["eu_vat", "DE123456789"]]);
  const [invoice] = (await stripeClient().invoices.list({ customer: customer.id, limit: 1 })).data;
  expect(invoice?.status).toBe("paid");
  expect(invoice?.amount_paid).toBe(1900);
  expect(invoice?.total_taxes).toEqual([expect.objectContaining({ amount: 0, taxability_reason: "reverse_charge" })]);
  await page.goto("/billing");
  await expect(page.getByTestId("tax-id-status")).toContainText("DE123456789: verified");
});

test("the checkout refuses hostile input with a clear reason and creates nothing: a very long line, an unknown country, a tampered total", async ({ page }) => {
  const email = await signUp(page, "Hostile Buyer");
  await page.goto("/checkout/starter-month");
  await typeCardFields(page, "4242 4242 4242 4242");

  // A line far over the limit: the preview says which field, and the summary keeps saying tax is not worked out.
  await fillCheckoutAddress(page, { ...BERLIN, line1: "x".repeat(5000) }, { waitForTotal: false });
  await expect(page.getByTestId("address-error")).toHaveText("Keep the address under 200 characters.");
  await expect(page.getByTestId("tax-needs-address")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toHaveText("Keep the address under 200 characters.");

  // A country the form does not offer, sent anyway: refused before Stripe is asked.
  await page.getByTestId("checkout-address").getByLabel("Address line 1").fill(BERLIN.line1);
  await expect(page.getByTestId("tax-line")).toHaveAttribute("data-amount", "361");
  await rewriteActionBody(page, (body) => body.replace('"country":"DE"', '"country":"ZZ"'));
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toHaveText("Choose a country.");

  // The total altered in the request (the untaxed $19.00): a 409 naming the real total, nothing charged.
  await page.unroute("**/checkout/starter-month");
  await rewriteActionBody(page, (body) => body.replace('"expectedTotal":2261', '"expectedTotal":1900'));
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toHaveText("The total is now $22.61, not $19.00. Nothing was charged: check the new total and press Subscribe again.");
  expect((await stripeClient().customers.list({ email, limit: 1 })).data).toEqual([]);
  await look(page, "checkout-total-refused");

  // Untouched, the same page goes through at the total it shows.
  await page.unroute("**/checkout/starter-month");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  const [invoice] = (await stripeClient().invoices.list({ customer: (await customerFor(email)).id, limit: 1 })).data;
  expect(invoice?.amount_paid).toBe(2261);
});

/** Rewrites the body of the page's next server action requests (JSON arguments), as a tampering client would. */
async function rewriteActionBody(page: Page, rewrite: (body: string) => string) {
  await page.route("**/checkout/starter-month", async (route) => {
    const request = route.request();
    const body = request.postData();
    if (request.method() !== "POST" || !body || !body.includes("expectedTotal")) return route.continue();
    await route.continue({ postData: rewrite(body) });
  });
}

/** Full-page screenshots at 1280 and 390 px, to look at. */
async function look(page: Page, name: string) {
  for (const [width, size] of [[1280, "wide"], [390, "narrow"]] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("with billing details on file the checkout shows them (the VAT number too), links to change them, and taxes by them", async ({ page }) => {
  await signUp(page, "Paris On File");
  await enterBillingDetails(page, { country: "FR", city: "Paris", postalCode: "75001", taxId: "" });
  await expect(page.getByTestId("billing-details-saved")).toBeVisible();
  await page.goto("/checkout/starter-month");
  await expect(page.getByTestId("checkout-address")).toHaveCount(0);
  await expect(page.getByTestId("checkout-address-on-file")).toContainText("75001 Paris, FR");
  await expect(page.getByTestId("checkout-address-on-file").getByRole("link", { name: "Change them in Billing details" })).toHaveAttribute("href", "/billing#billing-details");
  await expect(page.getByTestId("checkout-tax-id-on-file")).toHaveCount(0);
  await expect(page.getByLabel("VAT number (businesses)")).toHaveCount(0);
  await expect(page.getByTestId("tax-line")).toHaveAttribute("data-amount", "380");
  await expect(page.getByTestId("due-today")).toHaveText("$22.80");
  await look(page, "checkout-address-on-file");

  // A VAT number added in Billing details: the checkout shows it and quotes the reverse charge.
  await enterBillingDetails(page, { country: "FR", city: "Paris", postalCode: "75001", taxId: "FR12345678901" });
  await expect(page.getByTestId("billing-details-saved")).toBeVisible();
  await page.goto("/checkout/starter-month");
  await expect(page.getByTestId("checkout-tax-id-on-file")).toHaveText(" VAT number: FR12345678901.");
  await expect(page.getByTestId("tax-line")).toHaveAttribute("data-reverse-charge", "true");
  await expect(page.getByTestId("due-today")).toHaveText("$19.00");
});

test("hosted Checkout asks for the billing address and a VAT number; the subscription is taxed from them", async ({ page }) => {
  const email = await signUp(page, "Hosted VAT SARL");
  await page.goto("/checkout/starter-month");
  await page.getByRole("button", { name: "Pay on Stripe Checkout instead" }).click();
  await page.waitForURL(/\/_local\/checkout\/cs_/);
  await expect(page.getByRole("group", { name: "Billing address" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Purchasing as a business (optional)" })).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}/hosted-checkout-address-${width}.png`, fullPage: true });
  }
  await page.getByLabel("Business name").fill("Hosted VAT SARL");
  await page.getByLabel("Tax ID type").selectOption("eu_vat");
  await page.getByLabel("Tax ID", { exact: true }).fill("FR12");
  await payOnHostedCheckout(page, PARIS_ADDRESS);
  // A malformed number is refused on the page, before anything is created.
  await expect(page.getByRole("alert")).toContainText("Invalid value for eu_vat");
  await page.screenshot({ path: `${SCREENSHOTS}/hosted-checkout-vat-refused-390.png`, fullPage: true });

  await page.getByLabel("Tax ID type").selectOption("eu_vat");
  await page.getByLabel("Tax ID", { exact: true }).fill("FR12345678901");
  await payOnHostedCheckout(page, PARIS_ADDRESS);
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });

  const customer = await customerFor(email);
  expect(customer.address).toMatchObject({ country: "FR", city: "Paris", postal_code: "75001" });
  expect((await stripeClient().customers.listTaxIds(customer.id)).data.map((t) => t.value)).toEqual(["FR12345678901"]);
  const invoice = (await stripeClient().invoices.list({ customer: customer.id, limit: 1 })).data[0];
  expect(invoice?.total_taxes).toEqual([expect.objectContaining({ amount: 0, taxability_reason: "reverse_charge" })]);
  // The billing page shows what was collected on Stripe's page.
  await page.goto("/billing");
  await expect(page.getByTestId("billing-details-form").getByTestId("tax-id-input")).toHaveValue("FR12345678901");
});
