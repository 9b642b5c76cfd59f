// Checkout journeys the way people break them (issue 11): opening the page and leaving, a declined card then a
// good one, the card form and hosted Checkout in two tabs, a forged return URL. Stripe's state is read with the
// SDK against the same emulator, ours straight from the e2e database.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { isLiveStatus } from "../lib/billing/current-subscription";
import { EVERY_DATABASE, PASSWORD, payOnHostedCheckout, query, signUp, stripeClient, typeCard } from "./support";

const SCREENSHOTS = "test-results/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });


async function tenantOf(email: string): Promise<{ id: string; stripeCustomerId: string | null }> {
  const [row] = await query<{ id: string; stripeCustomerId: string | null }>(
    `SELECT t."id", t."stripeCustomerId" FROM "Tenant" t JOIN "Membership" m ON m."tenantId" = t."id" JOIN "User" u ON u."id" = m."userId"
     WHERE u."email" = $1`,
    [email],
  );
  if (!row) throw new Error(`no tenant for ${email}`);
  return row;
}

async function openCheckout(page: Page, planKey: string) {
  await page.goto(`/checkout/${planKey}`);
  await expect(page.getByLabel("Card number")).toBeVisible();
  await expect(page.getByTestId("pay-button")).toBeEnabled();
}

async function subscriptionsOf(customerId: string) {
  return (await stripeClient().subscriptions.list({ customer: customerId, status: "all", limit: 100 })).data;
}

/** Money actually kept from this customer: every charge net of its refunds. */
async function netCharged(customerId: string): Promise<number> {
  const charges = await stripeClient().charges.list({ customer: customerId, limit: 100 });
  return charges.data.filter((c) => c.status === "succeeded").reduce((sum, c) => sum + c.amount - c.amount_refunded, 0);
}

test("opening checkout and leaving creates nothing in Stripe, and a member sees no plan", async ({ page, browser }) => {
  const email = await signUp(page, "Window Shopper");
  await openCheckout(page, "scale-month");
  await typeCard(page, "4242 4242 4242 4242");
  await page.screenshot({ path: `${SCREENSHOTS}/checkout-deferred.png`, fullPage: true });
  await page.goto("/pricing");

  // No customer, so no subscription or invoice can exist either.
  const tenant = await tenantOf(email);
  expect(tenant.stripeCustomerId).toBeNull();
  expect((await stripeClient().customers.list({ email, limit: 10 })).data).toEqual([]);

  // A member of the same tenant (same password as the owner, copied in the database) sees no plan.
  const memberEmail = `member-${email}`;
  await query(
    `WITH u AS (INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt")
                SELECT $1, $2, 'Member', "passwordHash", now() FROM "User" WHERE "email" = $3 RETURNING "id")
     INSERT INTO "Membership" ("id", "userId", "tenantId", "role") SELECT $4, u."id", $5, 'member' FROM u`,
    [`u_${randomBytes(8).toString("hex")}`, memberEmail, email, `m_${randomBytes(8).toString("hex")}`, tenant.id],
  );
  const memberContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const member = await memberContext.newPage();
  await member.goto("/signin?callbackUrl=%2Fbilling");
  await member.getByLabel("Email").fill(memberEmail);
  await member.getByLabel("Password").fill(PASSWORD);
  await member.getByRole("button", { name: "Sign in" }).click();
  await member.waitForURL((url) => url.pathname === "/billing");
  await expect(member.getByTestId("plan-name")).toHaveText("No plan");
  await memberContext.close();
});

test("a declined card, then a good one: one subscription, the same one, paid once", async ({ page }) => {
  const email = await signUp(page, "Second Card");
  await openCheckout(page, "starter-month");
  // 0341 attaches but its charge is declined: the attempt's subscription stays incomplete for the next try.
  await typeCard(page, "4000 0000 0000 0341");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toHaveText("Your card was declined.");
  const { stripeCustomerId } = await tenantOf(email);
  expect(stripeCustomerId).toBeTruthy();
  const declined = await subscriptionsOf(stripeCustomerId!);
  expect(declined.map((s) => s.status)).toEqual(["incomplete"]);

  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Pay on Stripe Checkout instead" })).toHaveCount(0);
  const subs = await subscriptionsOf(stripeCustomerId!);
  expect(subs.map((s) => [s.id, s.status])).toEqual([[declined[0]!.id, "active"]]);
  expect(await netCharged(stripeCustomerId!)).toBe(1900);
});

test("two tabs, card form and hosted Checkout: the card pays, the hosted page is closed, one live subscription", { tag: EVERY_DATABASE }, async ({ page, context }) => {
  const email = await signUp(page, "Two Paths");
  const hosted = await context.newPage();
  await openCheckout(page, "starter-month");
  await openCheckout(hosted, "starter-month");
  await hosted.getByRole("button", { name: "Pay on Stripe Checkout instead" }).click();
  await hosted.waitForURL(/\/_local\/checkout\/cs_/);

  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Pay on Stripe Checkout instead" })).toHaveCount(0);

  // The other tab's Checkout Session was expired when the card payment went live: paying there is refused.
  const { id: tenantId, stripeCustomerId } = await tenantOf(email);
  await expect
    .poll(async () => (await stripeClient().checkout.sessions.list({ customer: stripeCustomerId!, limit: 10 })).data.map((s) => s.status))
    .toEqual(["expired"]);
  await payOnHostedCheckout(hosted);
  await expect(hosted.getByRole("heading", { name: "This Checkout Session is expired." })).toBeVisible();

  const subs = await subscriptionsOf(stripeCustomerId!);
  expect(subs.filter((s) => isLiveStatus(s.status))).toHaveLength(1);
  expect(await netCharged(stripeCustomerId!)).toBe(1900);
  const ours = await query<{ status: string }>(`SELECT "status" FROM "Subscription" WHERE "tenantId" = $1`, [tenantId]);
  expect(ours.filter((r) => isLiveStatus(r.status))).toHaveLength(1);
});

test("two tabs, hosted Checkout pays first: the card tab is sent to billing without a second charge", async ({ page, context }) => {
  const email = await signUp(page, "Hosted First");
  const card = await context.newPage();
  await openCheckout(card, "pro-month");
  await openCheckout(page, "pro-month");
  await page.getByRole("button", { name: "Pay on Stripe Checkout instead" }).click();
  await page.waitForURL(/\/_local\/checkout\/cs_/);
  await payOnHostedCheckout(page);
  await page.waitForURL(/\/checkout\/pro-month\/return\?session_id=cs_/);
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });

  await typeCard(card, "4242 4242 4242 4242");
  await card.getByTestId("pay-button").click();
  await card.waitForURL((url) => url.pathname === "/billing");
  const { id: tenantId, stripeCustomerId } = await tenantOf(email);
  const subs = await subscriptionsOf(stripeCustomerId!);
  expect(subs.map((s) => s.status)).toEqual(["active"]);
  expect(await netCharged(stripeCustomerId!)).toBe(4900);
  const ours = await query<{ status: string }>(`SELECT "status" FROM "Subscription" WHERE "tenantId" = $1`, [tenantId]);
  expect(ours.map((r) => r.status)).toEqual(["active"]);
});

test("the return page says subscribed only for this tenant's completed session", async ({ page, browser }) => {
  await signUp(page, "Forged Return");
  await page.goto("/checkout/pro-month/return?session_id=cs_test_bogus");
  await expect(page.getByTestId("checkout-return-state")).toHaveAttribute("data-state", "unknown");
  await expect(page.getByTestId("checkout-success")).toHaveCount(0);
  await expect(page.getByText("You're subscribed")).toHaveCount(0);

  // Another tenant's real, completed session: still not ours.
  const otherContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const other = await otherContext.newPage();
  await signUp(other, "Real Payer");
  await openCheckout(other, "starter-month");
  await other.getByRole("button", { name: "Pay on Stripe Checkout instead" }).click();
  await other.waitForURL(/\/_local\/checkout\/cs_/);
  const sessionId = /cs_[A-Za-z0-9_]+/.exec(other.url())?.[0];
  expect(sessionId).toBeTruthy();

  // Not paid yet: the owner who opened it is told so, not "subscribed".
  await other.goto(`/checkout/starter-month/return?session_id=${sessionId}`);
  await expect(other.getByTestId("checkout-return-state")).toHaveAttribute("data-state", "open");
  await other.goBack();
  await payOnHostedCheckout(other);
  await expect(other.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  await otherContext.close();

  await page.goto(`/checkout/starter-month/return?session_id=${sessionId}`);
  await expect(page.getByTestId("checkout-return-state")).toHaveAttribute("data-state", "unknown");
  await expect(page.getByText("You're subscribed")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/checkout-return-foreign.png`, fullPage: true });
});

test("subscribe with the network cut after the server acted: the button comes back, the retry pays once", async ({ page }) => {
  const email = await signUp(page, "Flaky Network");
  await openCheckout(page, "starter-month");
  await typeCard(page, "4242 4242 4242 4242");
  // The server creates the subscription, then its answer is lost on the way back.
  const onCheckout = (url: URL) => url.pathname === "/checkout/starter-month";
  await page.route(onCheckout, async (route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"]) return route.continue();
    await route.fetch().catch(() => undefined);
    await route.abort("internetdisconnected");
  });
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("payment-error")).toContainText("could not reach our server");
  await expect(page.getByTestId("pay-button")).toBeEnabled();
  await page.unroute(onCheckout);

  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  const { stripeCustomerId } = await tenantOf(email);
  const subs = await subscriptionsOf(stripeCustomerId!);
  // The retry carried the same attempt: the subscription the lost answer created is the one that was paid.
  expect(subs.map((s) => s.status)).toEqual(["active"]);
  expect(await netCharged(stripeCustomerId!)).toBe(1900);
});
