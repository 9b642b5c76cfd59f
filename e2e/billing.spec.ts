// Tenant billing in a real browser: the production build against the local Stripe emulator (its Stripe.js
// stand-in is the real path in local mode), a fresh database and seeded plans — all started by global-setup.
// Emulator state is checked with the stripe SDK pointed at the same emulator.
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import {
  advanceClock,
  clockOf,
  customerFor,
  EVERY_DATABASE,
  periodEndOf,
  reloadUntil,
  saveCardThatFailsCharges,
  signUp,
  stripeClient,
  subscriptionsFor,
  typeCard,
} from "./support";
import { formatDate } from "@/lib/format/dates";

const SCREENSHOTS = "test-results/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });


async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin?callbackUrl=%2Fbilling");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/billing");
}

async function openCheckout(page: Page, planKey: string) {
  await page.goto(`/checkout/${planKey}`);
  await expect(page.getByLabel("Card number")).toBeVisible();
}

async function pay(page: Page, number: string) {
  await typeCard(page, number);
  await page.getByTestId("pay-button").click();
}

async function subscribe(page: Page, planKey = "starter-month") {
  await openCheckout(page, planKey);
  await pay(page, "4242 4242 4242 4242");
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
}

test("sign up → pricing → checkout with 4242 → dashboard shows Active and the first invoice paid", { tag: EVERY_DATABASE }, async ({ page }) => {
  await signUp(page, "Harbor Logistics");
  await expect(page.getByRole("heading", { name: "Plans and pricing" })).toBeVisible();
  await page.getByRole("link", { name: "Yearly · 2 months free" }).click();
  await expect(page.getByTestId("plan-pro-year")).toBeVisible();
  await page.getByRole("link", { name: "Monthly" }).click();
  await expect(page.getByTestId("plan-pro-month")).toContainText("$49.00");
  await page.screenshot({ path: `${SCREENSHOTS}/pricing.png`, fullPage: true });

  await page.getByTestId("subscribe-pro-month").click();
  await expect(page).toHaveURL(/\/checkout\/pro-month$/);
  await expect(page.getByLabel("Card number")).toBeVisible();
  await typeCard(page, "4242 4242 4242 4242");
  await page.screenshot({ path: `${SCREENSHOTS}/checkout.png`, fullPage: true });
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-pending").or(page.getByTestId("checkout-success"))).toBeVisible();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });

  await page.getByRole("link", { name: "Go to billing" }).click();
  await expect(page.getByTestId("plan-name")).toHaveText("Pro");
  await expect(page.getByTestId("status-badge")).toHaveText("Active");
  await expect(page.getByTestId("status-explanation")).toContainText("Renews on");
  await expect(page.getByTestId("invoice-row").first().getByTestId("invoice-status")).toHaveText("paid");
  await expect(page.getByTestId("invoice-row").first().getByTestId("invoice-amount")).toHaveText("$49.00");
  // Stripe's invoice number (prefix-sequence), with the hosted invoice and its PDF.
  const first = page.getByTestId("invoice-row").first();
  await expect(first.getByTestId("invoice-number")).toHaveText(/^[A-Z0-9]+-\d{4}$/);
  await expect(first.getByRole("link", { name: "View" })).toHaveAttribute("href", /^https?:\/\//);
  await expect(first.getByRole("link", { name: "PDF" })).toHaveAttribute("href", /^https?:\/\//);
  // Both links open: the hosted invoice in a new tab names the invoice, and the PDF is a PDF of the same invoice.
  const number = (await first.getByTestId("invoice-number").textContent()) ?? "";
  const [hosted] = await Promise.all([page.context().waitForEvent("page"), first.getByRole("link", { name: "View" }).click()]);
  await expect(hosted.getByRole("heading", { name: `Invoice ${number}` })).toBeVisible();
  await expect(hosted.getByText("Paid $49.00")).toBeVisible();
  await hosted.close();
  const pdf = await page.request.get((await first.getByRole("link", { name: "PDF" }).getAttribute("href")) ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const pdfText = (await pdf.body()).toString("latin1");
  expect(pdfText.startsWith("%PDF-")).toBe(true);
  expect(pdfText).toContain(`(Invoice ${number}) Tj`);
  expect(pdfText).toContain("($49.00) Tj");
  await expect(page.getByTestId("payment-method")).toContainText("4242");
  await page.screenshot({ path: `${SCREENSHOTS}/billing.png`, fullPage: true });

  // The pricing page now marks the current plan, and checkout sends the tenant back to the dashboard.
  await page.goto("/pricing");
  await expect(page.getByTestId("plan-pro-month")).toContainText("Current plan");
  await page.goto("/checkout/scale-month");
  await expect(page).toHaveURL(/\/billing$/);
});

for (const [card, message] of [
  ["4000 0000 0000 0002", "Your card was declined."],
  ["4000 0000 0000 9995", "Your card has insufficient funds."],
] as const) {
  test(`${card.slice(-4)} shows "${message}" and leaves the tenant unsubscribed`, async ({ page }) => {
    const email = await signUp(page, `Decline ${card.slice(-4)}`);
    await openCheckout(page, "starter-month");
    await pay(page, card);
    await expect(page.getByTestId("payment-error")).toHaveText(message);
    const subs = await subscriptionsFor(email);
    expect(subs.map((s) => s.status)).toEqual(["incomplete"]);
    // The unpaid attempt is no plan: no status badge, nothing shown as the tenant's plan.
    await page.goto("/billing");
    await expect(page.getByTestId("plan-name")).toHaveText("No plan");
    await expect(page.getByTestId("status-badge")).toHaveCount(0);
  });
}

test("3155: completing 3D Secure subscribes; failing it shows the failure", async ({ page }) => {
  await signUp(page, "Three D Corp");
  await openCheckout(page, "starter-month");
  await pay(page, "4000 0025 0000 3155");
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await dialog.getByRole("button", { name: "Fail authentication" }).click();
  await expect(page.getByTestId("payment-error")).toBeVisible();

  await pay(page, "4000 0025 0000 3155");
  await dialog.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
});

test("two tabs and a double click make one subscription", async ({ page, context }) => {
  const email = await signUp(page, "Double Click Ltd");
  const second = await context.newPage();
  await Promise.all([openCheckout(page, "pro-month"), openCheckout(second, "pro-month")]);
  await second.reload();
  await expect(second.getByLabel("Card number")).toBeVisible();
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").dblclick();
  await expect(page.getByTestId("checkout-success")).toBeVisible({ timeout: 30_000 });
  const subs = await subscriptionsFor(email);
  expect(subs).toHaveLength(1);
  expect(subs[0]?.status).toBe("active");
});

test("plan change: the invoice in Stripe equals the preview; cancel at period end and resume", { tag: EVERY_DATABASE }, async ({ page }) => {
  const email = await signUp(page, "Upgrade Inc");
  await subscribe(page, "starter-month");
  await page.goto("/billing");
  await page.getByTestId("plan-select").selectOption("pro-month");
  await page.getByTestId("preview-plan-change").click();
  const amount = page.getByTestId("preview-due-now");
  await expect(amount).toBeVisible();
  const previewed = Number(await amount.getAttribute("data-amount"));
  expect(previewed).toBeGreaterThan(0);
  await page.getByTestId("confirm-plan-change").click();
  await expect(page.getByTestId("plan-change-done")).toContainText("You are now on Pro");
  await expect(page.getByTestId("plan-name")).toHaveText("Pro");

  const customer = await customerFor(email);
  const invoices = await stripeClient().invoices.list({ customer: customer.id, limit: 10 });
  const changeInvoice = invoices.data.find((i) => i.billing_reason === "subscription_update");
  expect(changeInvoice?.amount_due).toBe(previewed);
  expect(changeInvoice?.status).toBe("paid");

  await page.getByTestId("cancel-button").click();
  await expect(page.getByTestId("status-explanation")).toContainText("Cancels on");
  await page.getByTestId("resume-button").click();
  await expect(page.getByTestId("status-explanation")).toContainText("Renews on");
});

test("a member sees billing read-only", async ({ page, browser }) => {
  const demoPassword = process.env.E2E_DEMO_PASSWORD;
  expect(demoPassword, "the e2e stack seeds demo accounts").toBeTruthy();
  await signIn(page, "owner@demo.local", demoPassword as string);
  // The dashboard streams in after the URL changes: wait for it before asking whether the demo tenant has a plan.
  await expect(page.getByTestId("plan-name")).toBeVisible();
  if ((await page.getByTestId("plan-name").textContent()) === "No plan") await subscribe(page, "starter-month");

  const memberContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const member = await memberContext.newPage();
  await signIn(member, "member@demo.local", demoPassword as string);
  await expect(member.getByTestId("read-only-notice")).toBeVisible();
  await expect(member.getByTestId("plan-name")).not.toHaveText("No plan");
  await expect(member.getByTestId("cancel-button")).toHaveCount(0);
  await expect(member.getByTestId("update-payment-method")).toHaveCount(0);
  await expect(member.getByTestId("preview-plan-change")).toHaveCount(0);
  await member.goto("/checkout/scale-month");
  await expect(member.getByText("Only an owner or billing admin can subscribe")).toBeVisible();
  await memberContext.close();
});



test("canceled at period end: past the period end the subscription is canceled and access ends", { tag: EVERY_DATABASE }, async ({ page }) => {
  const email = await signUp(page, "Clockwork Ltd");
  await subscribe(page, "starter-month");
  const clock = await clockOf(email);
  // The e2e stack always runs with STRIPE_TEST_CLOCKS=1: a customer without a clock is a harness bug, not a skip.
  expect(clock, "the e2e stack must put each customer on a test clock").toBeTruthy();
  await page.goto("/billing");
  await page.getByTestId("cancel-button").click();
  await expect(page.getByTestId("status-explanation")).toContainText("Cancels on");

  await advanceClock(clock as string, (await periodEndOf(email)) + 3600);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Canceled", { timeout: 1000 });
  });
  await expect(page.getByTestId("status-explanation")).toContainText("Access ended on");
  await expect(page.getByTestId("access-state")).toHaveText("No access to paid features");
  await expect(page.getByRole("link", { name: "Choose a plan" })).toBeVisible();
});

test("a failed renewal shows the past-due banner with the next retry", async ({ page }) => {
  const email = await signUp(page, "Overdue Partners");
  await subscribe(page, "starter-month");
  const clock = await clockOf(email);
  // The e2e stack always runs with STRIPE_TEST_CLOCKS=1: a customer without a clock is a harness bug, not a skip.
  expect(clock, "the e2e stack must put each customer on a test clock").toBeTruthy();

  await saveCardThatFailsCharges(page);

  await advanceClock(clock as string, (await periodEndOf(email)) + 2 * 3600);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("past-due-banner")).toBeVisible({ timeout: 1000 });
  });
  await expect(page.getByTestId("past-due-banner")).toContainText("We will retry on");
  await expect(page.getByTestId("status-badge")).toHaveText("Past due");
  await expect(page.getByTestId("status-explanation")).toContainText("Payment failed — next retry");
  await page.screenshot({ path: `${SCREENSHOTS}/billing-past-due.png`, fullPage: true });
});

test("a credit on the customer's balance: the dashboard shows it and the next charge net of it; the renewal spends it", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "Credit Balance Co");
  await subscribe(page, "starter-month");
  // Support grants $5.00 of credit in Stripe (a negative customer balance), as Stripe's dashboard does.
  const customer = await customerFor(email);
  await stripeClient().customers.update(customer.id, { balance: -500 });
  const periodEnd = await periodEndOf(email);

  await page.goto("/billing");
  await expect(page.getByTestId("credit-balance")).toHaveText("Credit $5.00, applied to your next invoice");
  await expect(page.getByTestId("next-charge")).toHaveText(`Next charge: $14.00 on ${formatDate(periodEnd * 1000)}`);
  await page.screenshot({ path: `${SCREENSHOTS}/billing-credit.png`, fullPage: true });

  await advanceClock((await clockOf(email)) as string, periodEnd + 2 * 3600);
  const renewal = (await stripeClient().invoices.list({ customer: customer.id, limit: 10 })).data.find((i) => i.billing_reason === "subscription_cycle");
  expect([renewal?.total, renewal?.amount_paid, renewal?.status]).toEqual([1900, 1400, "paid"]);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("invoice-row").first().getByTestId("invoice-paid")).toHaveText("Paid $14.00", { timeout: 1000 });
  });
  await expect(page.getByTestId("credit-balance")).toHaveCount(0);
  await expect(page.getByTestId("next-charge")).toHaveText(`Next charge: $19.00 on ${formatDate((await periodEndOf(email)) * 1000)}`);
});
