// Money journeys a tenant and an admin take, in a real browser against the production build and the emulator:
// an interval switch priced as charged, cancel now behind a confirmation, every billing action with the network
// cut (recoverable, safe to retry), a refund the tenant can see, and the audit log in sentences.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test, type Page, type Route } from "@playwright/test";
import Stripe from "stripe";
import { asAdmin, EVERY_DATABASE, expectInvoiceListFits, reloadUntil, signUpAndSubscribe, stripeClient, typeCard } from "./support";

const SCREENSHOTS = "test-results/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });


async function customerFor(email: string): Promise<Stripe.Customer> {
  const customers = await stripeClient().customers.list({ email, limit: 100 });
  const customer = customers.data.find((c) => c.email === email);
  if (!customer) throw new Error(`no Stripe customer for ${email}`);
  return customer;
}



const isServerAction = (route: Route) => route.request().method() === "POST" && route.request().headers()["next-action"] !== undefined;
const onBilling = (url: URL) => url.pathname === "/billing";

/**
 * Cuts the network on the dashboard's server-action POSTs. "before": the request never reaches the server.
 * "after": the server does the work, then the answer is lost — the harder case for a safe retry.
 */
async function cutNetwork(page: Page, when: "before" | "after") {
  await page.route(onBilling, async (route) => {
    if (!isServerAction(route)) return route.continue();
    if (when === "after") await route.fetch().catch(() => undefined);
    await route.abort("internetdisconnected");
  });
}

async function restoreNetwork(page: Page) {
  await page.unroute(onBilling);
}

async function expectRecoverable(page: Page, message: RegExp) {
  await expect(page.getByRole("alert").filter({ hasText: message })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: message })).toContainText(/refresh/i);
  // Still the dashboard, not an error page.
  await expect(page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
}

test("monthly → yearly: labelled a switch, the preview's due now is the charge and its next invoice the next one", async ({ page }) => {
  const email = await signUpAndSubscribe(page, "Yearly Switch", "pro-month");
  await page.goto("/billing");
  await page.getByTestId("plan-select").selectOption("pro-year");
  await page.getByTestId("preview-plan-change").click();
  await expect(page.getByTestId("plan-change-title")).toContainText("Switch to yearly billing");
  await expect(page.getByTestId("plan-change-title")).not.toContainText("Downgrade");
  const dueNow = Number(await page.getByTestId("preview-due-now").getAttribute("data-amount"));
  const nextInvoice = Number(await page.getByTestId("preview-next-invoice").getAttribute("data-amount"));
  expect(dueNow).toBeGreaterThan(0);
  // The lines: a credit for the unused month and the year's charge.
  await expect(page.getByTestId("preview-line").filter({ hasText: "Credit:" })).toHaveCount(1);
  await expect(page.getByTestId("preview-line").filter({ hasText: "$490.00" })).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/plan-change-yearly-preview.png`, fullPage: true });

  await page.getByTestId("confirm-plan-change").click();
  await expect(page.getByTestId("plan-change-done")).toContainText("You are now on Pro");

  const customer = await customerFor(email);
  const invoices = await stripeClient().invoices.list({ customer: customer.id, limit: 10 });
  const change = invoices.data.filter((i) => i.billing_reason === "subscription_update");
  expect(change).toHaveLength(1);
  expect(change[0]?.amount_paid).toBe(dueNow);
  const sub = (await stripeClient().subscriptions.list({ customer: customer.id, limit: 1 })).data[0] as Stripe.Subscription;
  const upcoming = await stripeClient().invoices.createPreview({ customer: customer.id, subscription: sub.id });
  expect(upcoming.amount_due).toBe(nextInvoice);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("next-charge")).toHaveAttribute("data-amount", String(nextInvoice), { timeout: 1000 });
  });
});

test("after a downgrade left its credit pending, an upgrade's next invoice is Pro's month, not the credit again", async ({ page }) => {
  test.setTimeout(180_000);
  const email = await signUpAndSubscribe(page, "Credit Pending", "starter-month");
  const change = async (plan: string) => {
    await page.goto("/billing");
    await page.getByTestId("plan-select").selectOption(plan);
    await page.getByTestId("preview-plan-change").click();
    await expect(page.getByTestId("preview-next-invoice")).toBeVisible();
  };
  const confirm = async (words: RegExp) => {
    await page.getByTestId("confirm-plan-change").click();
    await expect(page.getByTestId("plan-change-done")).toContainText(words);
  };
  await change("pro-month");
  await confirm(/You are now on Pro/);
  // Pro → Starter is credited, not invoiced: Stripe keeps the proration as pending invoice items.
  await change("starter-month");
  await confirm(/Starter/);
  const customer = await customerFor(email);
  expect((await stripeClient().invoiceItems.list({ customer: customer.id, pending: true })).data.length).toBeGreaterThan(0);

  // Back to Pro: the change's own invoice takes the pending credit; the next invoice is one month of Pro.
  await change("pro-month");
  await expect(page.getByTestId("preview-next-invoice")).toHaveAttribute("data-amount", "4900");
  await expect(page.getByTestId("preview-next-invoice")).toHaveText("$49.00");
  await expect(page.getByTestId("preview-line").filter({ hasText: "\u2212$" }).first()).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}/plan-change-after-pending-credit-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await confirm(/You are now on Pro/);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("next-charge")).toHaveAttribute("data-amount", "4900", { timeout: 1000 });
  });
});

test("cancel now asks first and says what is lost; afterwards the dashboard says Canceled", async ({ page }) => {
  const email = await signUpAndSubscribe(page, "Cancel Now", "starter-month");
  await page.goto("/billing");
  await page.getByLabel(/Immediately/).check();
  await page.getByTestId("cancel-button").click();
  const confirm = page.getByTestId("cancel-now-confirm");
  await expect(confirm).toContainText("You lose access to Starter features immediately");
  await expect(confirm).toContainText("not refunded");
  await page.screenshot({ path: `${SCREENSHOTS}/cancel-now-confirm.png`, fullPage: true });
  await page.getByTestId("keep-subscription").click();
  await expect(confirm).toHaveCount(0);
  const customer = await customerFor(email);
  expect((await stripeClient().subscriptions.list({ customer: customer.id, limit: 10 })).data[0]?.status).toBe("active");

  await page.getByTestId("cancel-button").click();
  await page.getByTestId("confirm-cancel-now").click();
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Canceled", { timeout: 1000 });
  });
  await expect(page.getByTestId("plan-name")).not.toHaveText("No plan");
  await expect(page.getByTestId("access-state")).toHaveText("No access to paid features");
});

test("every dashboard action with the network cut: the button resets, the message says how to check, a retry is safe", async ({ page, browser }) => {
  const org = `Flaky Network ${randomBytes(3).toString("hex")}`;
  const email = await signUpAndSubscribe(page, org, "starter-month");
  await page.goto("/billing");
  const customer = await customerFor(email);

  // Plan change: the server applies it and the answer is lost; confirming again is the same change, one charge.
  await page.getByTestId("plan-select").selectOption("pro-month");
  await page.getByTestId("preview-plan-change").click();
  await expect(page.getByTestId("preview-due-now")).toBeVisible();
  await cutNetwork(page, "after");
  await page.getByTestId("confirm-plan-change").click();
  await expectRecoverable(page, /could not confirm the change/);
  await expect(page.getByTestId("confirm-plan-change")).toBeEnabled();
  await expect(page.getByTestId("confirm-plan-change")).toHaveText("Confirm change to Pro");
  await restoreNetwork(page);
  await page.getByTestId("confirm-plan-change").click();
  await expect(page.getByTestId("plan-change-done")).toContainText("You are now on Pro");
  const updates = (await stripeClient().invoices.list({ customer: customer.id, limit: 20 })).data.filter((i) => i.billing_reason === "subscription_update");
  expect(updates).toHaveLength(1);

  // Cancel at period end: the request never arrives; the button comes back and trying again works.
  await page.reload();
  await cutNetwork(page, "before");
  await page.getByTestId("cancel-button").click();
  await expectRecoverable(page, /could not confirm the cancellation/);
  await expect(page.getByTestId("cancel-button")).toBeEnabled();
  await expect(page.getByTestId("cancel-button")).toHaveText("Cancel at period end");
  await restoreNetwork(page);
  await page.getByTestId("cancel-button").click();
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-explanation")).toContainText("Cancels on", { timeout: 1000 });
  });

  // Resume: same.
  await cutNetwork(page, "before");
  await page.getByTestId("resume-button").click();
  await expectRecoverable(page, /could not confirm that your subscription resumed/);
  await expect(page.getByTestId("resume-button")).toBeEnabled();
  await restoreNetwork(page);
  await page.getByTestId("resume-button").click();
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-explanation")).toContainText("Renews on", { timeout: 1000 });
  });

  // Card update: Stripe has the card, our answer is lost; saving again only repeats making it the default.
  await page.getByTestId("update-payment-method").click();
  await typeCard(page, "5555 5555 5555 4444");
  await cutNetwork(page, "after");
  await page.getByTestId("save-payment-method").click();
  await expectRecoverable(page, /could not confirm the new card/);
  await expect(page.getByTestId("save-payment-method")).toBeEnabled();
  await restoreNetwork(page);
  await page.getByTestId("save-payment-method").click();
  await expect(page.getByText("Your new card will be used for future invoices.")).toBeVisible({ timeout: 20_000 });
  const cards = await stripeClient().paymentMethods.list({ customer: customer.id, type: "card", limit: 20 });
  expect(cards.data.filter((c) => c.card?.last4 === "4444")).toHaveLength(1);

  // Cancel now: done at Stripe, answer lost; confirming again says it is done, and the dashboard says Canceled.
  await page.reload();
  await page.getByLabel(/Immediately/).check();
  await page.getByTestId("cancel-button").click();
  await cutNetwork(page, "after");
  await page.getByTestId("confirm-cancel-now").click();
  await expectRecoverable(page, /could not confirm the cancellation/);
  await expect(page.getByTestId("confirm-cancel-now")).toBeEnabled();
  await restoreNetwork(page);
  await page.getByTestId("confirm-cancel-now").click();
  // Success re-renders the dashboard without the cancel panel; a refused retry would leave it with an alert.
  await expect(page.getByTestId("cancel-now-confirm")).toHaveCount(0);
  await expect(page.getByRole("alert").filter({ hasText: /no active subscription/ })).toHaveCount(0);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Canceled", { timeout: 1000 });
  });

  // One audit row per action, however many times the browser had to send it.
  const admin = await asAdmin(browser);
  await admin.goto(`/admin/tenants?q=${encodeURIComponent(org)}`);
  await admin.getByTestId("tenant-row").getByRole("link", { name: org }).click();
  const sentences = admin.getByTestId("tenant-audit").getByTestId("audit-sentence");
  await expect(sentences.filter({ hasText: "Changed the plan from Starter (monthly) to Pro (monthly)" })).toHaveCount(1);
  await expect(sentences.filter({ hasText: "Set the Pro (monthly) subscription to cancel at the end of the period" })).toHaveCount(1);
  await expect(sentences.filter({ hasText: "Resumed the subscription" })).toHaveCount(1);
  await expect(sentences.filter({ hasText: /^Changed the card on file from Visa •••• 4242 to Mastercard •••• 4444\.$/i })).toHaveCount(1);
  await expect(sentences.filter({ hasText: "Canceled the Pro (monthly) subscription immediately" })).toHaveCount(1);
  await admin.context().close();
});

test("a refund is visible to the tenant; the audit log reads as sentences", { tag: EVERY_DATABASE }, async ({ page, browser }) => {
  // Two browsers, a plan change, a refund and its retry: past the 60 s default on a loaded 2-core machine.
  test.setTimeout(120_000);
  const org = `Refund Seen ${randomBytes(3).toString("hex")}`;
  await signUpAndSubscribe(page, org, "starter-month");
  await page.goto("/billing");
  await page.getByTestId("plan-select").selectOption("starter-year");
  await page.getByTestId("preview-plan-change").click();
  await page.getByTestId("confirm-plan-change").click();
  await expect(page.getByTestId("plan-change-done")).toBeVisible();

  const admin = await asAdmin(browser);
  await admin.goto(`/admin/tenants?q=${encodeURIComponent(org)}`);
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId("tenant-row")).toHaveCount(1);
  }).toPass({ timeout: 30_000 });
  await admin.getByTestId("tenant-row").getByRole("link", { name: org }).click();
  // The first payment, $19.00: refund $5.00, typed in currency units, confirmed.
  const payment = admin.getByTestId("payment-row").filter({ hasText: "$19.00" }).first();
  await payment.locator("summary", { hasText: "Refund…" }).click();
  await payment.getByLabel(/Amount/).fill("50.00");
  await payment.getByLabel("Reason").fill("e2e too much");
  await payment.getByTestId("refund-submit").click();
  await expect(payment.getByTestId("action-error")).toContainText("At most $19.00 can still be refunded.");
  await payment.getByLabel(/Amount/).fill("5.00");
  await payment.getByTestId("refund-submit").click();
  // The refund reaches Stripe but the answer is lost: the admin is told how to check, and confirming again is
  // the same refund (same request id), not a second one.
  const onTenantPage = (url: URL) => url.pathname.startsWith("/admin/tenants/");
  await admin.route(onTenantPage, async (route) => {
    if (!isServerAction(route)) return route.continue();
    await route.fetch().catch(() => undefined);
    await route.abort("internetdisconnected");
  });
  await payment.getByTestId("refund-confirm-button").click();
  await expect(payment.getByTestId("action-error")).toContainText("We could not confirm the refund");
  await expect(payment.getByTestId("refund-submit")).toBeEnabled();
  await admin.unroute(onTenantPage);
  await payment.getByTestId("refund-submit").click();
  await payment.getByTestId("refund-confirm-button").click();
  await expect(admin.getByTestId("action-ok")).toContainText("Refund of $5.00 requested");
  const chargeId = (await payment.getAttribute("data-charge-id")) ?? "";
  expect(chargeId).toMatch(/^ch_/);
  expect((await stripeClient().refunds.list({ charge: chargeId })).data.map((r) => r.amount)).toEqual([500]);

  await reloadUntil(page, async () => {
    await expect(page.getByTestId("invoice-refund").first()).toContainText("Refunded $5.00 on", { timeout: 1000 });
  });
  await expect(page.getByTestId("invoice-refund-status").first()).toHaveText("partly refunded");
  // The fullest invoice row (paid, refunded, two badges, both links) fits 390 px: no sideways scrolling, links visible.
  await expectInvoiceListFits(page, 390);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${SCREENSHOTS}/tenant-invoice-refund.png`, fullPage: true });

  await admin.reload();
  const sentences = admin.getByTestId("tenant-audit").getByTestId("audit-sentence");
  await expect(sentences.filter({ hasText: /^Changed the plan from Starter \(monthly\) to Starter \(yearly\); charged \$\d+\.\d\d now\.$/ })).toHaveCount(1);
  await expect(sentences.filter({ hasText: "Refunded $5.00 of a $19.00 payment" })).toHaveCount(1);
  await admin.getByRole("link", { name: "Full audit log for this tenant →" }).click();
  await expect(admin.getByTestId("audit-sentence").filter({ hasText: "Changed the plan from Starter (monthly)" })).toHaveCount(1);
  await expect(admin.getByTestId("audit-table")).toContainText("Tenant user (");
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-audit-sentences.png`, fullPage: true });
  await admin.context().close();
});
