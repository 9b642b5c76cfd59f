// What several e2e specs share: the test password, fresh addresses, the SDK and the database of the stack the
// global setup started, and the card form of the Stripe.js stand-in.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import Stripe from "stripe";
import type { CaughtMessage } from "@/scripts/lib/mail-catcher";

/** Every account the specs create signs up with it (the password policy accepts it). */
/**
 * The tag of the journeys CI runs a second time on a PostgreSQL server through DATABASE_URL (`npm test --
 * --e2e-grep=@every-database`): one of each kind of database write (sign-up, checkout, plan change, renewal by test
 * clock, refund, the admin summaries). The rest of the suite tests pages and rules that do not depend on where the
 * database runs, and vitest's integration tests cover the data layer on that server in full.
 */
export const EVERY_DATABASE = "@every-database";

export const PASSWORD = "correct-horse-battery-staple";

/** The seeded demo accounts' password (printed by the stack; the global setup hands it over). */
export const DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? "";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}@example.test`;
}

/** The official SDK against the stack's emulator: Stripe's state, read the way the app reads it. */
export function stripeClient(): Stripe {
  const url = new URL(process.env.E2E_STRIPE_URL ?? "http://127.0.0.1:1");
  return new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_e2e", {
    host: url.hostname,
    port: url.port,
    protocol: url.protocol === "https:" ? "https" : "http",
    telemetry: false,
    maxNetworkRetries: 0,
  });
}

/** One query on the stack's throwaway database. */
export async function query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

export async function typeCard(page: Page, number: string): Promise<void> {
  await typeCardFields(page, number);
  // With tax on and no address on file the card form asks for one too: Portland, OR is outside the emulator's rate
  // table, so the charge stays the plan's price and specs about other things keep their figures.
  if (await page.getByTestId("checkout-address").count()) await fillCheckoutAddress(page, PORTLAND);
}

/** The card fields alone (a spec that fills the address itself, or checks what happens without one). */
export async function typeCardFields(page: Page, number: string): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration date").fill("12 / 34");
  await page.getByLabel("Security code").fill("123");
}

export interface CheckoutAddress {
  name?: string;
  country: string;
  line1: string;
  city: string;
  state?: string;
  postalCode: string;
}

/** A US address (the emulator's seller country, no sales tax in its table): card and hosted journeys stay list price. */
export const PORTLAND: CheckoutAddress = { country: "US", line1: "1 Harbour Street", city: "Portland", state: "OR", postalCode: "97201" };

/** Fills the checkout's Address Element and (unless told not to) waits for the order summary's total for it. */
export async function fillCheckoutAddress(page: Page, address: CheckoutAddress, options: { waitForTotal?: boolean } = {}): Promise<void> {
  const form = page.getByTestId("checkout-address");
  await form.getByLabel("Full name").fill(address.name ?? "Anchor Buyer");
  await form.getByLabel("Country or region").selectOption(address.country);
  await form.getByLabel("Address line 1").fill(address.line1);
  await form.getByLabel("City").fill(address.city);
  await form.getByLabel("State, county or province (optional)").fill(address.state ?? "");
  await form.getByLabel("Postal code").fill(address.postalCode);
  if (options.waitForTotal === false) return;
  await expect(page.getByTestId("tax-needs-address")).toHaveCount(0);
  await expect(page.getByTestId("due-today")).toHaveAttribute("data-pending", "false");
}

/**
 * Signs `event` with the endpoint secret the stack's emulator signs with (read from its control route, which takes
 * the secret key) and delivers it to the app, as Stripe would.
 */
export async function deliverSignedEvent(event: object): Promise<Response> {
  const control = await fetch(`${process.env.E2E_STRIPE_URL}/_local/webhook`, {
    headers: { authorization: `Bearer ${process.env.E2E_STRIPE_SECRET_KEY}` },
  });
  const { secret } = (await control.json()) as { secret: string };
  const body = JSON.stringify(event);
  const signer = new Stripe("sk_test_signer", { telemetry: false });
  return fetch(`${process.env.E2E_BASE_URL}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signer.webhooks.generateTestHeaderString({ payload: body, secret }) },
    body,
  });
}

/** Signs in through the form with `landing` as the callbackUrl, and waits to arrive there. */
export async function signIn(page: Page, email: string, password: string, landing: string): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(landing)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === landing);
}

/**
 * The demo admin, signed in on a fresh context of its own (through next-auth's endpoints: the sign-in form is the
 * auth spec's subject) and on /admin.
 */
export async function asAdmin(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  await signInOverHttp(page, "admin@demo.local", DEMO_PASSWORD);
  await page.goto("/admin");
  return page;
}

/** Fills and submits the sign-up form; it answers "check your inbox" whether or not the address was registered. */
export async function submitSignUp(page: Page, input: { name: string; org: string; email: string; password?: string }): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(input.name);
  await page.getByLabel("Organisation").fill(input.org);
  await page.getByLabel("Email").fill(input.email);
  await page.getByLabel("Password").fill(input.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("form").getByRole("status")).toContainText("Check your inbox");
}

/** The app paths (with their query) of the links to `pathPrefix` in the emails to `address`, oldest first: verify or reset links. */
export async function emailedLinks(address: string, subject: RegExp, pathPrefix: string, count = 1): Promise<string[]> {
  const mails = await readMailTo(address, { subject, count });
  return mails.map((mail) => {
    const url = new URL(linkIn(mail, pathPrefix));
    return `${url.pathname}${url.search}`;
  });
}

/** The newest such link. */
export async function emailedLink(address: string, subject: RegExp, pathPrefix: string, count = 1): Promise<string> {
  const links = await emailedLinks(address, subject, pathPrefix, count);
  return links[links.length - 1] ?? "";
}

/** Opens the verification link from the inbox and confirms: the address is verified and this page signed in. */
export async function confirmEmailFromInbox(page: Page, email: string): Promise<void> {
  await page.goto(await emailedLink(email, /Confirm your email address/, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await page.waitForURL((url) => url.pathname === "/billing");
}

/**
 * The rows a real sign-up and confirmation left for one account: its user, tenant and owner membership, as JSON
 * (every column, whatever sign-up sets). Taken once per worker, before anything else touches that account.
 */
type AccountRows = { user: Record<string, unknown>; tenant: Record<string, unknown>; membership: Record<string, unknown> };
let signedUpAccount: AccountRows | null = null;

async function readAccountRows(email: string): Promise<AccountRows> {
  const [rows] = await query<AccountRows>(
    `SELECT to_jsonb(u) AS "user", to_jsonb(t) AS tenant, to_jsonb(m) AS membership
       FROM "User" u JOIN "Membership" m ON m."userId" = u.id JOIN "Tenant" t ON t.id = m."tenantId" WHERE u.email = $1`,
    [email],
  );
  if (!rows?.user.emailVerifiedAt) throw new Error(`no confirmed account for ${email}`);
  return rows;
}

/**
 * A confirmed account like `rows`' for `email`, with a tenant named `org`: the same rows (the same password hash,
 * so PASSWORD signs in) under new ids, in one transaction.
 */
async function copyAccount(rows: AccountRows, input: { email: string; name: string; org: string }): Promise<void> {
  const suffix = randomBytes(6).toString("hex");
  const userId = `e2e${suffix}u`;
  const tenantId = `e2e${suffix}t`;
  const slug = `${input.org.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 30) || "team"}-${suffix}`;
  const now = new Date().toISOString();
  const insert = (table: string) =>
    `INSERT INTO "${table}" SELECT (jsonb_populate_record(NULL::"${table}", $1::jsonb)).*`;
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    await db.query("BEGIN");
    await db.query(insert("User"), [{ ...rows.user, id: userId, email: input.email, name: input.name, createdAt: now, updatedAt: now, emailVerifiedAt: now }]);
    await db.query(insert("Tenant"), [{ ...rows.tenant, id: tenantId, name: input.org, slug, createdAt: now, updatedAt: now }]);
    await db.query(insert("Membership"), [{ ...rows.membership, id: `e2e${suffix}m`, userId, tenantId, createdAt: now }]);
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

/** Signs `page`'s context in through next-auth's own endpoints (csrf, then the credentials callback), as the form does. */
export async function signInOverHttp(page: Page, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const answer = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/billing", json: "true" },
    maxRedirects: 0,
  });
  const cookies = await page.context().cookies();
  if (!cookies.some((cookie) => cookie.name.endsWith("next-auth.session-token"))) {
    throw new Error(`signing in ${email} gave no session cookie (HTTP ${answer.status()})`);
  }
}

/**
 * A new tenant whose owner is named after `org`, signed in on `page` and on `landing`. Answers the email.
 *
 * The worker's first one signs up through the form and confirms through the emailed link; the rest are copies of
 * that account's rows under new ids and addresses, signed in through next-auth's endpoints. Sign-up and
 * confirmation are what the accounts and auth specs test; through the browser they took about 3 s in each of the
 * 65 journeys about something else (the suite: 882 s before, 718 s after).
 */
export async function signUp(page: Page, org: string, landing = "/pricing"): Promise<string> {
  const email = uniqueEmail(org.toLowerCase().replace(/\W+/g, "-"));
  if (!signedUpAccount) {
    await submitSignUp(page, { name: `${org} Owner`, org, email });
    await confirmEmailFromInbox(page, email);
    signedUpAccount = await readAccountRows(email);
    if (landing !== "/billing") await page.goto(landing);
    return email;
  }
  await copyAccount(signedUpAccount, { email, name: `${org} Owner`, org });
  await signInOverHttp(page, email, PASSWORD);
  await page.goto(landing);
  return email;
}

/** A new tenant (owner named after `org`) that pays for `planKey` with the card form; answers the owner's email. */
export async function signUpAndSubscribe(page: Page, org: string, planKey = "starter-month"): Promise<string> {
  const email = await signUp(page, org);
  await page.goto(`/checkout/${planKey}`);
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  return email;
}

/**
 * A `customer.subscription.created` event as Stripe would send it, for a customer the app has never seen and with
 * `tenantId` in its metadata: the app parks it as unmatched (no tenant owns the customer).
 */
export function subscriptionCreatedForUnknownCustomer(tenantId: string) {
  const now = Math.floor(Date.now() / 1000);
  const suffix = () => randomBytes(6).toString("hex");
  return {
    id: `evt_e2e_${randomBytes(8).toString("hex")}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "customer.subscription.created",
    data: {
      object: {
        id: `sub_e2e_${suffix()}`,
        object: "subscription",
        customer: `cus_e2e_${suffix()}`,
        status: "active",
        metadata: { tenantId },
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        trial_end: null,
        default_payment_method: null,
        latest_invoice: null,
        items: {
          object: "list",
          data: [{ id: "si_e2e", object: "subscription_item", price: { id: "price_e2e_none", object: "price" }, quantity: 1, current_period_start: now, current_period_end: now + 30 * 86400 }],
          has_more: false,
          url: "/v1/subscription_items",
        },
      },
    },
  };
}

/** A message the stack's local mail catcher received, as its JSON API answers it. */
export type CaughtMail = CaughtMessage;

/** Every message the catcher holds for `address` so far, oldest first (no waiting). */
export async function listMailTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${process.env.E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(address)}`);
  if (!response.ok) throw new Error(`mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtMail[];
}

/**
 * Waits for the emails sent to `address` (optionally only those whose subject matches) until there are at least
 * `count`, and returns them all, oldest first. The worker sends within milliseconds of the commit; the timeout covers
 * one SMTP retry.
 */
export async function readMailTo(
  address: string,
  options: { subject?: RegExp; count?: number; timeoutMs?: number } = {},
): Promise<CaughtMail[]> {
  const { subject, count = 1, timeoutMs = 15_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listMailTo(address)).filter((mail) => !subject || subject.test(mail.subject));
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} email(s) to ${address}${subject ? ` matching ${subject}` : ""}, found ${found.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first absolute link in an email's plain-text part whose path starts with `pathPrefix` (a verify or reset link). */
export function linkIn(mail: CaughtMail, pathPrefix: string): string {
  const link = mail.text.match(/https?:\/\/[^\s<>\])]+/g)?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in "${mail.subject}": ${mail.text}`);
  return link;
}

export async function customerFor(email: string): Promise<Stripe.Customer> {
  const customers = await stripeClient().customers.list({ email, limit: 100 });
  const customer = customers.data.find((c) => c.email === email);
  if (!customer) throw new Error(`no Stripe customer for ${email}`);
  return customer;
}

export async function subscriptionsFor(email: string) {
  const customer = await customerFor(email);
  return (await stripeClient().subscriptions.list({ customer: customer.id, status: "all", limit: 100 })).data;
}

// Time travel: the e2e stack runs with STRIPE_TEST_CLOCKS=1, which puts each new tenant's Stripe customer on its own
// test clock. The clock is advanced through the emulator's API, and the page must follow the webhooks.
export async function clockOf(email: string): Promise<string | null> {
  const clock = (await customerFor(email)).test_clock;
  return typeof clock === "string" ? clock : (clock?.id ?? null);
}

export async function advanceClock(clockId: string, to: number) {
  const stripe = stripeClient();
  await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  await expect.poll(async () => (await stripe.testHelpers.testClocks.retrieve(clockId)).status, { timeout: 30_000 }).toBe("ready");
}

export async function periodEndOf(email: string): Promise<number> {
  const [sub] = await subscriptionsFor(email);
  const end = sub?.items.data[0]?.current_period_end;
  if (!end) throw new Error("no current period end");
  return end;
}

export async function reloadUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000, intervals: [500, 1000, 2000] });
}

/** Saves 4000 0000 0000 0341 (attaches, but every charge fails) through the billing page's SetupIntent flow. */
export async function saveCardThatFailsCharges(page: Page) {
  await page.goto("/billing");
  await page.getByTestId("update-payment-method").click();
  await typeCard(page, "4000 0000 0000 0341");
  await page.getByTestId("save-payment-method").click();
  await expect(page.getByText("Your new card will be used for future invoices.")).toBeVisible({ timeout: 20_000 });
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("payment-method")).toContainText("0341", { timeout: 1000 });
  });
}

/** Sets the emulator's delivery chaos (false: off) through its control route. */
export async function setWebhookChaos(chaos: { seed: number; duplicateRate?: number; reorderWindow?: number; maxDelayMs?: number } | false) {
  const response = await fetch(`${process.env.E2E_STRIPE_URL}/_local/webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.E2E_STRIPE_SECRET_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ chaos: chaos === false ? "false" : chaos }),
  });
  if (!response.ok) throw new Error(`setting chaos failed: ${response.status} ${await response.text()}`);
}

/**
 * A server action's id, from the build's server-reference manifest: a request with it reaches the real action,
 * as a browser's would, so a test can send what the page's form never would (another role, hostile bodies).
 */
export function serverActionId(exportedName: string): string {
  const manifestPath = path.resolve(import.meta.dirname, "..", ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`${exportedName} is not in the build's manifest`);
  return id;
}

export interface BillingDetailsEntry {
  name?: string;
  country: string;
  line1?: string;
  city: string;
  postalCode: string;
  taxId: string;
}

/** Fills the Billing details card on /billing (the Address Element and the tax ID) and presses Save. */
export async function enterBillingDetails(page: Page, details: BillingDetailsEntry, options: { goto?: boolean } = {}) {
  if (options.goto !== false) await page.goto("/billing");
  const form = page.getByTestId("billing-details-form");
  await form.getByLabel("Full name").fill(details.name ?? "Anchor Buyer");
  await form.getByLabel("Country or region").selectOption(details.country);
  await form.getByLabel("Address line 1").fill(details.line1 ?? "1 Harbour Street");
  await form.getByLabel("City").fill(details.city);
  await form.getByLabel("Postal code").fill(details.postalCode);
  await form.getByTestId("tax-id-input").fill(details.taxId);
  await form.getByRole("button", { name: "Save billing details" }).click();
}

/**
 * Fills the emulator's hosted Checkout page and presses Subscribe: the card, and the billing address the page asks
 * for when the session requires it (the e2e stack runs with Stripe Tax on, which needs the address).
 */
export async function payOnHostedCheckout(page: Page, address: CheckoutAddress = PORTLAND) {
  if (await page.getByLabel("Country or region").count()) {
    await page.getByLabel("Country or region").selectOption(address.country);
    await page.getByLabel("Address line 1").fill(address.line1);
    await page.getByLabel("City").fill(address.city);
    await page.getByLabel("Postal code").fill(address.postalCode);
  }
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Subscribe" }).click();
}

/** The tenant's invoice list at `width`: no sideways scrolling, the table inside its card, the first row's links on screen. */
export async function expectInvoiceListFits(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const table = await page.getByTestId("invoices").boundingBox();
  const card = await page.getByTestId("invoices").locator("xpath=..").boundingBox();
  expect((table?.x ?? 0) + (table?.width ?? 0)).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0));
  for (const link of await page.getByTestId("invoice-row").first().getByRole("link").all()) {
    const box = await link.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
  }
}
