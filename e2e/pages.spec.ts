// Every page, in every state a person can see it in, checked the way issue #18 asked: axe (no serious or critical
// violation), one h1, no horizontal overflow at 390 px (nor at 1280 px), and a full-page screenshot at both widths
// saved under test-results/screenshots/pages/ to look at (an artefact, never committed). Also the journeys around
// the pages: sign-in landing by role, sign-out inside the app, real 404s, no header link that leads to a 404.
import { mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { recordAxeFindings } from "./axe-tally";
import { lookAt } from "./look";
import { deliverSignedEvent, emailedLink, linkIn, PASSWORD, readMailTo, reloadUntil, signUp, stripeClient, submitSignUp, subscriptionCreatedForUnknownCustomer, subscriptionsFor, typeCard, uniqueEmail, type CaughtMail } from "./support";

const SCREENSHOTS = "test-results/screenshots/pages";
mkdirSync(SCREENSHOTS, { recursive: true });
const DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? "";

// The tour's tests are independent of each other (each signs up its own tenant or only reads the demo accounts), so
// with E2E_WORKERS above 1 they spread over the workers instead of making the longest file the end of the run.
test.describe.configure({ mode: "parallel" });

/** lookAt, with each width's findings counted in this run's tally. */
async function look(page: Page, name: string) {
  for (const violations of await lookAt(page, name, SCREENSHOTS)) recordAxeFindings({ state: name, violations });
}

async function visit(page: Page, name: string, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), `${path} status`).toBe(status);
  await look(page, name);
}

/** Signs in through the form without a callbackUrl: where the user lands is part of what is tested. */
async function signIn(page: Page, email: string, password: string, landing: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === landing);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  return context.newPage();
}

/** Every same-origin link in the page's header and navigation (or `selector`) answers without an error for this user. */
async function expectNoDeadHeaderLinks(page: Page, name: string, selector = "header a[href^='/'], nav a[href^='/'], aside a[href^='/']") {
  const hrefs = await page
    .locator(selector)
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href") ?? ""))]);
  for (const href of hrefs) {
    const response = await page.request.get(href, { maxRedirects: 5 });
    expect.soft(response.status(), `${href} linked from ${name}`).toBeLessThan(400);
  }
}

test("signed out: home, sign-in, sign-up, pricing, account links and a 404 with a way back", async ({ page }) => {
  test.setTimeout(120_000);
  await visit(page, "signed-out-home", "/");
  await visit(page, "signin", "/signin");
  await visit(page, "signup", "/signup");
  await visit(page, "forgot-password", "/forgot-password");
  // Links that are unknown, used or expired: each page says so and where to go next.
  await visit(page, "verify-email-dead-link", "/verify-email?token=no-such-token-0123456789");
  await visit(page, "reset-password-dead-link", "/reset-password?token=no-such-token-0123456789");
  await visit(page, "confirm-email-dead-link", "/confirm-email?token=no-such-token-0123456789");
  await visit(page, "signed-out-pricing", "/pricing");
  await expectNoDeadHeaderLinks(page, "/pricing");
  await visit(page, "signed-out-404", "/no-such-page", 404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("not found", { ignoreCase: true });
  await expect(page.getByRole("link", { name: /back to/i })).toHaveAttribute("href", "/");
});

test("account links and an unconfirmed address: verify and reset pages with a live link, billing with the banner", async ({ page }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("pages-links");
  await submitSignUp(page, { name: "Link Owner", org: "Links Ltd", email });
  await look(page, "signup-check-inbox");
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.locator("form").getByRole("status")).toBeVisible();
  await look(page, "forgot-password-sent");
  await visit(page, "reset-password", await emailedLink(email, /Choose a new password/, "/reset-password"));
  await signIn(page, email, PASSWORD, "/billing");
  await expect(page.getByTestId("verify-email-banner")).toBeVisible();
  await look(page, "unconfirmed-billing");
  await visit(page, "unconfirmed-settings", "/settings");
  await visit(page, "verify-email", await emailedLink(email, /Confirm your email address/, "/verify-email"));
});

test("a tenant owner: no plan, checkout (focus on the outcome), active, card saved, past due; sign-out", async ({ page }) => {
  test.setTimeout(180_000);
  const email = await signUp(page, "Pages & Screens Ltd", "/billing");

  await visit(page, "no-plan-billing", "/billing");
  await expect(page.getByTestId("plan-card").getByText("No plan", { exact: true })).toHaveCount(1);
  await visit(page, "settings", "/settings");
  await visit(page, "no-plan-pricing", "/pricing");
  await expectNoDeadHeaderLinks(page, "/pricing as a tenant owner", "a[href^='/']");
  await page.goto("/checkout/starter-month");
  await expect(page.getByLabel("Card number")).toBeVisible();
  await look(page, "checkout");
  await visit(page, "unknown-plan", "/checkout/platinum-month", 404);
  await expect(page.getByRole("link", { name: /back to/i })).toHaveAttribute("href", "/billing");

  await page.goto("/checkout/starter-month");
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  const success = page.getByTestId("checkout-success");
  await expect(success).toContainText("You're subscribed", { timeout: 30_000 });
  // The outcome takes the focus, so a keyboard or screen-reader user is not left on a button that is gone.
  await expect(success).toBeFocused();
  await look(page, "checkout-success");

  await visit(page, "active-billing", "/billing");
  await expect(page.getByTestId("invoice-row").first().getByTestId("invoice-status")).toHaveText("paid");
  const amountHeader = page.getByTestId("invoices").locator("th").nth(1);
  await expect(amountHeader).toHaveCSS("text-align", "right");
  await visit(page, "active-pricing", "/pricing");

  // A new card: the form closes, the confirmation says so and takes the focus, and the brand reads as a name.
  await page.goto("/billing");
  await page.getByTestId("update-payment-method").click();
  await typeCard(page, "5555 5555 5555 4444");
  await page.getByTestId("save-payment-method").click();
  const saved = page.getByTestId("payment-method-saved");
  await expect(saved).toContainText("Your new card will be used for future invoices.", { timeout: 20_000 });
  await expect(saved).toBeFocused();
  await expect(page.getByLabel("Card number")).toHaveCount(0);
  await expect(page.getByTestId("payment-method")).toContainText("Mastercard ending in 4444", { timeout: 20_000 });
  await look(page, "card-saved");

  // Past due: a card whose every charge fails, then the test clock past the renewal.
  await page.getByTestId("update-payment-method").click();
  await typeCard(page, "4000 0000 0000 0341");
  await page.getByTestId("save-payment-method").click();
  await expect(page.getByTestId("payment-method-saved")).toBeVisible({ timeout: 20_000 });
  const customer = (await stripeClient().customers.list({ email, limit: 10 })).data[0];
  const clock = typeof customer?.test_clock === "string" ? customer.test_clock : customer?.test_clock?.id;
  expect(clock, "the e2e stack puts each customer on a test clock").toBeTruthy();
  const [sub] = (await stripeClient().subscriptions.list({ customer: customer?.id, limit: 1 })).data;
  const periodEnd = sub?.items.data[0]?.current_period_end ?? 0;
  await stripeClient().testHelpers.testClocks.advance(clock as string, { frozen_time: periodEnd + 2 * 3600 });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("past-due-banner")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1000, 2000] });
  await look(page, "past-due-billing");

  // Sign-out is a button in the app: no next-auth confirmation page, and it lands on the sign-in page.
  const signOut = page.getByRole("button", { name: "Sign out" });
  await signOut.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === "/signin");
  expect(new URL(page.url()).search).toBe("");
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/signin/);
});

test("a tenant owner's free trial: the trial page, the trial started, the trial on the dashboard, a used trial", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "Pages Trial Ltd");
  await visit(page, "trial-checkout", "/checkout/starter-month/trial");
  await page.getByTestId("trial-without-card").click();
  await expect(page.getByTestId("checkout-success")).toContainText("Your free trial has started", { timeout: 30_000 });
  await look(page, "trial-started");
  await visit(page, "trialing-billing", "/billing");
  await expect(page.getByTestId("status-explanation")).toContainText("Add a card before");
  const [sub] = await subscriptionsFor(email);
  await stripeClient().subscriptions.cancel(sub?.id ?? "");
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Canceled", { timeout: 1000 });
  });
  await visit(page, "trial-used", "/checkout/starter-month/trial");
  await expect(page.getByTestId("trial-used")).toBeVisible();
});

test("a per-seat team: checkout priced by seats, the Seats card and its preview, the team page with every seat taken", async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page, "Pages Seats Ltd");
  await page.goto("/checkout/team-month");
  await expect(page.getByTestId("checkout-seats")).toHaveAttribute("data-seats", "1");
  await expect(page.getByLabel("Card number")).toBeVisible();
  await look(page, "checkout-per-seat");
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  await page.goto("/billing");
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("seats-summary")).toBeVisible({ timeout: 1000 });
  });
  await look(page, "seats-billing");
  await page.getByTestId("preview-seat-change").click();
  await expect(page.getByTestId("plan-change-title")).toContainText("Add seats");
  await look(page, "seat-change-preview");
  await visit(page, "team-seats-full", "/team");
  await expect(page.getByTestId("team-seats")).toContainText("1 of 1 paid seats in use");
});

test("a member: billing read-only, and checkout says who may subscribe", async ({ browser }) => {
  const member = await newPage(browser);
  await signIn(member, "member@demo.local", DEMO_PASSWORD, "/billing");
  await look(member, "member-billing");
  await member.goto("/checkout/starter-month");
  await expect(member.getByRole("heading", { level: 1 })).toHaveText("Only an owner or billing admin can subscribe");
  await look(member, "member-checkout");
  await visit(member, "tenant-404", "/no-such-page", 404);
  await expect(member.getByRole("link", { name: /back to/i })).toHaveAttribute("href", "/billing");
  await member.context().close();
});

test("admin pages at both widths: navigation collapses, tables keep the page width, long values truncated", async ({ browser }) => {
  test.setTimeout(180_000);
  // A failed event with a long error, so the webhooks page shows what it looks like.
  const event = subscriptionCreatedForUnknownCustomer(`tnt_pages_missing_${randomBytes(6).toString("hex")}`);
  expect((await deliverSignedEvent(event)).status).toBe(200);

  const admin = await newPage(browser);
  // An admin lands on the console, not on a billing page they have no tenant for.
  await signIn(admin, "admin@demo.local", DEMO_PASSWORD, "/admin");
  await visit(admin, "admin-overview", "/admin");
  await expectNoDeadHeaderLinks(admin, "/admin");
  await visit(admin, "admin-tenants", "/admin/tenants");
  await expect(admin.locator("th[aria-sort]")).toHaveCount(1);
  await expect(admin.locator("a[aria-sort]")).toHaveCount(0);
  // The tenant with the highest MRR: one with subscriptions, invoices, payments and an audit trail to show.
  await admin.goto("/admin/tenants?sort=mrr&dir=desc");
  const tenantHref = await admin.getByTestId("tenant-row").first().getByRole("link").first().getAttribute("href");
  await visit(admin, "admin-tenant-detail", tenantHref ?? "/admin/tenants");
  await visit(admin, "admin-view-as-tenant", `${tenantHref ?? "/admin/tenants/none"}/billing`);
  await visit(admin, "admin-webhooks", "/admin/webhooks");
  // The error cell is one line, cut short, with the whole text on demand.
  const errorCell = admin.locator(`[data-event-id="${event.id}"] [data-testid="webhook-error"]`);
  await expect(errorCell).toHaveAttribute("title", /.{10,}/);
  const box = await errorCell.boundingBox();
  expect(box?.height ?? 999, "the error column must not wrap").toBeLessThan(40);
  await visit(admin, "admin-webhook-detail", `/admin/webhooks/${event.id}`);
  await visit(admin, "admin-audit", "/admin/audit");
  await visit(admin, "admin-drift", "/admin/drift");
  await visit(admin, "admin-churn", "/admin/churn");
  await visit(admin, "admin-coupons", "/admin/coupons");
  await visit(admin, "admin-revenue", "/admin/revenue");
  await visit(admin, "admin-404", "/admin/no-such-page", 404);
  await visit(admin, "admin-pricing", "/pricing");
  await expectNoDeadHeaderLinks(admin, "/pricing as an admin", "a[href^='/']");

  // At 390 px the navigation is behind a menu button that works from the keyboard.
  await admin.setViewportSize({ width: 390, height: 800 });
  await admin.goto("/admin");
  const nav = admin.getByRole("navigation", { name: "Admin" });
  await expect(nav).toBeHidden();
  const menu = admin.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.focus();
  await admin.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await look(admin, "admin-menu-open");
  // look() went through 1280 px, where the button is not shown and loses the focus: take it back first.
  await menu.focus();
  await admin.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Overview" })).toBeFocused();
  await admin.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole("link", { name: "Tenants" }).click();
  await admin.waitForURL((url) => url.pathname === "/admin/tenants");
  await expect(nav).toBeHidden();

  await admin.getByRole("button", { name: "Menu" }).click();
  await admin.getByRole("button", { name: "Sign out" }).click();
  await admin.waitForURL((url) => url.pathname === "/signin");
  await admin.context().close();
});

test("team: the owner's team page with a member and a pending invitation, a member's read-only view, a dead invitation link", async ({ page, browser }) => {
  // Five states at two widths, a sign-up through the inbox and a member's sign-in: 23 s at load 5, about 50 s at CI's
  // load (the tour takes twice as long there), too close to the 60 s default; the other long tests here set theirs.
  test.setTimeout(120_000);
  await signUp(page, "Team Pages Ltd", "/billing");
  await page.goto("/team");
  const invitee = uniqueEmail("pages-invitee-with-a-rather-long-address");
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("combobox", { name: "Role", exact: true }).selectOption("billing");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent" })).toBeVisible();
  await expect(page.getByTestId("invite-row")).toHaveCount(1);
  await visit(page, "team-owner", "/team");
  await expectNoDeadHeaderLinks(page, "/team");
  await page.getByTestId("member-row").first().getByRole("button", { name: "Leave team" }).click();
  await look(page, "team-owner-confirm");

  const member = await newPage(browser);
  await signIn(member, "member@demo.local", DEMO_PASSWORD, "/billing");
  await visit(member, "team-member", "/team");
  await expect(member.getByTestId("team-read-only")).toBeVisible();
  await expect(member.getByTestId("invite-form")).toHaveCount(0);
  await member.context().close();

  const guest = await newPage(browser);
  const [mail] = await readMailTo(invitee, { subject: /invites you to/ });
  await visit(guest, "invite-new-account", new URL(linkIn(mail as CaughtMail, "/invite/")).pathname);
  await expect(guest.getByRole("button", { name: "Create account and join" })).toBeVisible();
  await visit(guest, "invite-invalid", `/invite/${"A".repeat(43)}`);
  await expect(guest.getByTestId("invite-problem")).toContainText("not valid");
  await guest.context().close();
});
