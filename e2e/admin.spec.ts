// The admin console in a real browser against the production build, the local Stripe emulator and a fresh
// database (all started by global-setup): an admin sees the overview and the tenant a checkout created, refunds
// a payment and replays a failed event; tenant owners and members get 404 on every /admin URL.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import Stripe from "stripe";
import { asAdmin, deliverSignedEvent, DEMO_PASSWORD, EVERY_DATABASE, signIn, signUp, signUpAndSubscribe, subscriptionCreatedForUnknownCustomer } from "./support";

const ROOT = path.resolve(import.meta.dirname, "..");
const SCREENSHOTS = "test-results/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });

/** Every page and route handler under app/admin, as a URL (dynamic segments get a placeholder value). */
function adminUrls(): string[] {
  const urls: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const segment = entry.name;
        // Route groups and private folders add no URL segment / no route.
        if (segment.startsWith("_")) continue;
        const next = segment.startsWith("(") ? segments : [...segments, segment.startsWith("[") ? "placeholder-id" : segment];
        walk(path.join(dir, segment), next);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
        urls.push(`/${["admin", ...segments].join("/")}`);
      }
    }
  };
  walk(path.join(ROOT, "app", "admin"), []);
  return urls.sort();
}




test("the admin console's pages and routes are all found on disk", () => {
  const urls = adminUrls();
  expect(urls).toEqual(expect.arrayContaining(["/admin", "/admin/tenants", "/admin/webhooks", "/admin/drift", "/admin/audit", "/admin/churn", "/admin/coupons", "/admin/revenue"]));
});

for (const who of ["owner@demo.local", "member@demo.local"]) {
  test(`${who} gets 404 on every /admin URL`, async ({ page }) => {
    await signIn(page, who, DEMO_PASSWORD, "/billing");
    for (const url of adminUrls()) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByText("Billing admin")).toHaveCount(0);
    }
  });
}

test("a guest is sent to sign in from /admin", async ({ page }) => {
  await page.goto("/admin/tenants");
  await expect(page).toHaveURL(/\/signin/);
});

test("admin: overview, the checkout's tenant active at its MRR, a refund that shows after the webhook", { tag: EVERY_DATABASE }, async ({ page, browser }) => {
  const org = `Admin Watch ${randomBytes(3).toString("hex")}`;
  await signUpAndSubscribe(page, org);

  const admin = await asAdmin(browser);
  await expect(admin.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(admin.getByTestId("overview-mrr")).toContainText("$");
  await expect(admin.getByTestId("mrr-chart")).toBeVisible();
  await expect(admin.getByTestId("webhook-health")).toBeVisible();
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-overview.png`, fullPage: true });

  await admin.goto(`/admin/tenants?q=${encodeURIComponent(org)}`);
  const row = admin.getByTestId("tenant-row");
  await expect(async () => {
    await admin.reload();
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("tenant-status")).toHaveText("active");
  }).toPass({ timeout: 30_000 });
  await expect(row.getByTestId("tenant-mrr")).toHaveText("$19.00");
  await admin.goto("/admin/tenants");
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-tenants.png`, fullPage: true });
  await admin.goto(`/admin/tenants?q=${encodeURIComponent(org)}`);

  await row.getByRole("link", { name: org }).click();
  await expect(admin.getByTestId("tenant-name")).toHaveText(org);
  await expect(admin.getByTestId("tenant-detail-mrr")).toContainText("$19.00");
  const payment = admin.getByTestId("payment-row").first();
  await payment.getByText("Refund…").click();
  await payment.getByLabel(/Amount/).fill("5.00");
  await payment.getByLabel("Reason").fill("e2e goodwill");
  await payment.getByTestId("refund-submit").click();
  // Nothing is refunded before the admin confirms the amount, in currency units.
  await expect(payment.getByTestId("refund-confirm")).toContainText("Refund $5.00 of $19.00");
  await payment.getByTestId("refund-confirm-button").click();
  await expect(admin.getByTestId("action-ok")).toContainText("Refund of $5.00 requested");
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId("payment-row").first().getByTestId("refund-row")).toContainText("$5.00");
    // refund.created and charge.refunded are separate webhooks in no fixed order: wait for both.
    await expect(admin.getByTestId("payment-row").first().getByTestId("payment-refunded")).toHaveText("$5.00", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(admin.getByTestId("tenant-audit")).toContainText("admin.refund");
  await expect(admin.getByTestId("tenant-audit").getByTestId("audit-sentence").filter({ hasText: "Refunded $5.00 of a $19.00 payment" })).toHaveCount(1);
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-tenant-detail.png`, fullPage: true });
  await admin.context().close();
});

test("admin: a parked (unmatched) event replays to processed once its cause is fixed", async ({ browser }) => {
  const tenantId = `tnt_e2e_${randomBytes(6).toString("hex")}`;
  const event = subscriptionCreatedForUnknownCustomer(tenantId);
  const delivery = await deliverSignedEvent(event);
  // The tenant does not exist yet: the event is answered 200 (a retry would not help) and parked as unmatched.
  expect(delivery.status).toBe(200);
  expect(delivery.headers.get("webhook-outcome")).toBe("unmatched");

  const admin = await asAdmin(browser);
  // The overview alerts the admin to parked events and links to them.
  const alert = admin.getByTestId("webhook-parked-alert");
  await expect(alert).toBeVisible();
  await alert.locator('a[href="/admin/webhooks?status=unmatched"]').click();
  await expect(admin.locator(`[data-event-id="${event.id}"]`).getByTestId("webhook-status")).toHaveText("unmatched");
  await admin.goto(`/admin/webhooks?status=unmatched&type=customer.subscription.created`);
  await expect(admin.locator(`[data-event-id="${event.id}"]`).getByTestId("webhook-status")).toHaveText("unmatched");
  // Unfiltered by status, so the row stays in the list once it is processed.
  await admin.goto(`/admin/webhooks?type=customer.subscription.created`);
  const row = admin.locator(`[data-event-id="${event.id}"]`);
  await expect(row.getByTestId("webhook-status")).toHaveText("unmatched");

  // Fix the cause (the tenant appears), then replay from the console.
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    await db.query(`INSERT INTO "Tenant" ("id", "name", "slug", "updatedAt") VALUES ($1, $2, $3, now())`, [tenantId, "Replayed Co", tenantId]);
  } finally {
    await db.end();
  }
  await row.getByTestId("replay-button").click();
  await expect(row.getByTestId("webhook-status")).toHaveText("processed");

  await admin.goto(`/admin/webhooks/${event.id}`);
  await expect(admin.getByTestId("event-status")).toHaveText("processed");
  await expect(admin.getByTestId("event-payload")).toContainText(tenantId);
  await admin.goto(`/admin/tenants?q=${tenantId}`);
  await expect(admin.getByTestId("tenant-row").getByTestId("tenant-status")).toHaveText("active");
  await admin.context().close();
});

test("admin: the webhooks page reads the endpoint back from Stripe and warns when it lacks a handled event", async ({ browser }) => {
  const stripeUrl = new URL(process.env.E2E_STRIPE_URL ?? "");
  const stripe = new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "", { host: stripeUrl.hostname, port: stripeUrl.port, protocol: "http", telemetry: false });
  const url = `${process.env.E2E_BASE_URL}/api/webhooks/stripe`;
  const endpoint = (await stripe.webhookEndpoints.list({ limit: 100 })).data.find((e) => e.url === url);
  // The stack registered it as `npm run stripe:webhook-endpoint` does: exactly the handled types, pinned version.
  expect(endpoint?.api_version).toBe("2026-10-28.endive");
  expect(endpoint?.enabled_events).toContain("invoice_payment.paid");
  const admin = await asAdmin(browser);
  await admin.goto("/admin/webhooks");
  await expect(admin.getByTestId("webhook-endpoint-ok")).toBeVisible();
  const all = endpoint?.enabled_events ?? [];
  try {
    await stripe.webhookEndpoints.update(endpoint?.id ?? "", { enabled_events: all.filter((t) => t !== "invoice_payment.paid") as Stripe.WebhookEndpointUpdateParams.EnabledEvent[] });
    await admin.reload();
    await expect(admin.getByTestId("webhook-endpoint-warning")).toContainText("does not receive: invoice_payment.paid");
    await admin.screenshot({ path: `${SCREENSHOTS}/admin-webhook-endpoint-warning.png`, fullPage: true });
  } finally {
    await stripe.webhookEndpoints.update(endpoint?.id ?? "", { enabled_events: all as Stripe.WebhookEndpointUpdateParams.EnabledEvent[] });
  }
  await admin.reload();
  await expect(admin.getByTestId("webhook-endpoint-ok")).toBeVisible();
  await admin.context().close();
});

test("admin: gap fill and drift check run from the console and land in the audit log", async ({ browser }) => {
  const admin = await asAdmin(browser);
  await admin.goto("/admin/webhooks");
  await admin.getByRole("button", { name: "Fill gap" }).click();
  await expect(admin.getByTestId("fill-gap-result")).toContainText(/Scanned \d+ events, \d+ missing: \d+ processed, \d+ ignored, 0 conflicts, 0 unmatched, 0 failed\./, { timeout: 30_000 });

  await admin.goto("/admin/drift");
  await admin.getByTestId("drift-check").click();
  const report = admin.getByTestId("drift-report");
  await expect(report).toContainText(/Checked \d+ subscriptions, \d+ invoices, \d+ charges/, { timeout: 30_000 });
  await admin.screenshot({ path: `${SCREENSHOTS}/admin-drift.png`, fullPage: true });

  await admin.goto("/admin/audit?actor=admin:");
  await expect(admin.getByTestId("audit-table")).toContainText("admin.webhook_gap_fill");
  await admin.context().close();
});

test("admin: Sign out everywhere ends a member's open sessions (#12.4)", async ({ browser, page }) => {
  const email = await signUp(page, "Revoke Co", "/billing");

  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  const { rows } = await db
    .query<{ tenantId: string }>(`SELECT m."tenantId" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email])
    .finally(() => db.end());
  const tenantId = rows[0]?.tenantId ?? "";

  const admin = await asAdmin(browser);
  await admin.goto(`/admin/tenants/${tenantId}`);
  await admin.getByRole("button", { name: `Sign out everywhere: ${email}` }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Signed out everywhere." })).toBeVisible();
  await admin.context().close();

  // The member's browser still holds its cookie, which now opens nothing.
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbilling/);
});

test("admin: a cancellation with a reason and a comment shows on the churn page and in the audit log", async ({ page, browser }) => {
  await signUpAndSubscribe(page, "Leaving Co");
  await page.goto("/billing");
  const comment = `Our budget moved to another team ${randomBytes(3).toString("hex")}`;
  await page.getByTestId("cancel-feedback").selectOption("too_expensive");
  await page.getByTestId("cancel-comment").fill(comment);
  await page.getByTestId("cancel-button").click();
  await expect(page.getByTestId("status-explanation")).toContainText("Cancels on");

  const admin = await asAdmin(browser);
  await admin.goto("/admin/churn");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Churn reasons");
  await expect(admin.getByTestId("churn-reasons")).toContainText("It's too expensive");
  const quote = admin.getByTestId("churn-comments").locator("li", { hasText: comment });
  await expect(quote).toContainText("Leaving Co");
  await expect(quote).toContainText("It's too expensive");
  // The quote takes the card's width, at 390 px too (it once sat in a 16 px marker column, a letter a line).
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: 900 });
    const card = (await admin.getByTestId("churn-comments").boundingBox())?.width ?? 0;
    expect((await quote.locator("blockquote").boundingBox())?.width ?? 0).toBeGreaterThan(card * 0.9);
  }
  await admin.goto("/admin/audit?action=tenant.cancel");
  await expect(admin.getByTestId("audit-sentence").filter({ hasText: "Reason: It's too expensive." }).first()).toBeVisible();
});

test("admin: the revenue page shows MRR and ARR, the plan a checkout pays for, and its month's new MRR", { tag: EVERY_DATABASE }, async ({ page, browser }) => {
  await signUpAndSubscribe(page, "Revenue Co", "starter-month");
  const admin = await asAdmin(browser);
  await admin.goto("/admin/revenue");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Revenue");
  const mrr = Number((await admin.getByTestId("revenue-mrr").locator("span").nth(1).textContent())?.replace(/[^0-9.]/g, ""));
  const arr = Number((await admin.getByTestId("revenue-arr").locator("span").nth(1).textContent())?.replace(/[^0-9.]/g, ""));
  expect(mrr).toBeGreaterThan(0);
  expect(arr).toBeCloseTo(mrr * 12, 2);
  await expect(admin.getByTestId("revenue-by-plan")).toContainText("Starter (monthly)");
  const chart = admin.getByTestId("mrr-movements");
  await expect(chart.getByRole("img", { name: "MRR movements per month" })).toBeVisible();
  // The axis labels say the figures drawn: never the one-cent span that only keeps the scale finite.
  const labels = await chart.locator("svg text").allTextContents();
  expect(labels.filter((l) => /^[+\u2212-]?\$0\.01$/.test(l))).toEqual([]);
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: 900 });
    await admin.screenshot({ path: `test-results/screenshots/admin-revenue-${width}.png`, fullPage: true });
  }
  await chart.getByText("The figures as a table").click();
  const lastRow = chart.locator("tbody tr").last();
  await expect(lastRow.locator("td").first()).not.toHaveText("$0.00");
});

test("admin: finds a tenant by its owner's email and views its billing as the tenant, read-only and audited", async ({ page, browser }) => {
  const email = await signUpAndSubscribe(page, "Viewed Co");
  const admin = await asAdmin(browser);
  await admin.goto(`/admin/tenants?q=${encodeURIComponent(email.toUpperCase())}`);
  const rows = admin.getByTestId("tenant-row");
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link").first().click();
  await expect(admin.getByTestId("tenant-name")).toHaveText("Viewed Co");
  await admin.getByTestId("view-as-tenant").click();
  await expect(admin.getByTestId("view-as-tenant-banner")).toContainText("Read-only view as the tenant");
  await expect(admin.getByTestId("plan-name")).toHaveText("Starter");
  await expect(admin.getByTestId("status-explanation")).toContainText("Renews on");
  // Nothing to act with: no form, no action button in the page's content.
  await expect(admin.locator("main form")).toHaveCount(0);
  await expect(admin.locator("main button")).toHaveCount(0);
  const tenantPath = new URL(admin.url()).pathname.replace(/\/billing$/, "");
  await admin.goto(tenantPath);
  await expect(admin.getByText("Viewed the tenant's billing dashboard as the tenant sees it (read-only).").first()).toBeVisible();
});
