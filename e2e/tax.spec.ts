// Tax with billing details, in Chromium against the emulator (STRIPE_TAX_ENABLED is on in the e2e stack): the
// billing address and VAT number entered on /billing through the Address Element decide the tax of the next
// invoice; a VAT number Stripe refuses is said so and stored nowhere; the plan change is charged what its preview
// said, tax included, and the invoice list shows the tax (or the reverse charge).
import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { customerFor, enterBillingDetails, payOnHostedCheckout, signUp, signUpAndSubscribe, stripeClient } from "./support";

const SCREENSHOTS = "test-results/screenshots";
const PARIS_ADDRESS = { country: "FR", line1: "1 Rue de Rivoli", city: "Paris", postalCode: "75001" };
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
  const before = await customerFor(email);
  expect(before.address).toBeNull();
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

test("checkout without a billing address says tax is not estimated yet; with one, the summary shows the tax in the total", async ({ page }) => {
  await signUp(page, "No Address Co");
  await page.goto("/checkout/starter-month");
  await expect(page.getByTestId("tax-needs-address")).toContainText("Tax: not estimated yet, as there is no billing address on file, and none is charged until there is one.");
  await expect(page.getByTestId("tax-line")).toHaveCount(0);
  await expect(page.getByTestId("due-today")).toHaveText("$19.00");

  await page.getByTestId("tax-needs-address").getByRole("link", { name: "Add your billing address" }).click();
  await expect(page).toHaveURL(/\/billing#billing-details$/);
  await enterBillingDetails(page, { country: "FR", city: "Paris", postalCode: "75001", taxId: "" });
  await expect(page.getByTestId("billing-details-saved")).toBeVisible();
  await page.goto("/checkout/starter-month");
  await expect(page.getByTestId("tax-needs-address")).toHaveCount(0);
  await expect(page.getByTestId("tax-line")).toHaveAttribute("data-amount", "380");
  await expect(page.getByTestId("due-today")).toHaveText("$22.80");
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
