// Accounts in a real browser against the production build: sign up, sign in, generic errors, the
// protected-area redirect, no open redirect after sign-in, 404 for non-admins, and the security headers.
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { PASSWORD, readMailTo, signUp as signUpThroughInbox, uniqueEmail } from "./support";

const GENERIC_ERROR = "Invalid email or password.";

/** Fails the test on any CSP violation the page reports. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Signed up, confirmed through the emailed link (which signs in) and on /billing. */
const signUp = (page: Page, org: string) => signUpThroughInbox(page, org, "/billing");

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign up, then the emailed link confirms the address and lands signed in on billing", async ({ page }) => {
  const violations = watchCsp(page);
  await signUp(page, "Playwright Rockets");
  await expect(page.getByTestId("tenant-name")).toHaveText("Playwright Rockets");
  expect(violations).toEqual([]);
});

test("sign-up errors are shown inline, and a taken email is answered like a new one (#12.10)", async ({ page, browser }) => {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Short Pass");
  await page.getByLabel("Organisation").fill("Short Co");
  await page.getByLabel("Email").fill(uniqueEmail("short"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Password").fill(" ".repeat(12));
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use letters, digits or symbols, not only spaces.")).toBeVisible();

  const email = await signUp(page, "Taken Co");
  const other = await browser.newPage();
  await other.goto("/signup");
  await other.getByLabel("Your name").fill("Someone Else");
  await other.getByLabel("Organisation").fill("Else Co");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("a different long passphrase");
  await other.getByRole("button", { name: "Create account" }).click();
  // No "taken" refusal: the neutral notice, which never says whether the address was registered; the holder
  // of the address hears of the attempt in their inbox instead.
  await expect(other.locator("form").getByRole("status")).toContainText("Check your inbox");
  await expect(other.locator("form").getByRole("alert")).toHaveCount(0);
  await readMailTo(email, { subject: /Someone tried to sign up with your email address/ });
  await other.close();
});

test("a NUL byte in a sign-up field is refused with a clear form message, not a network error", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("A\u0000da");
  await page.getByLabel("Organisation").fill("Nul Co");
  const email = uniqueEmail("nul");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery-staple");
  await page.getByRole("button", { name: "Create account" }).click();
  const alert = page.locator("form").getByRole("alert");
  await expect(alert).toContainText("characters we cannot accept");
  await expect(alert).not.toContainText("could not reach");
  // Nothing was created, and the form is usable again.
  await expect(page.getByRole("button", { name: "Create account" })).toBeEnabled();
  await page.getByLabel("Your name").fill("Ada");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("form").getByRole("status")).toContainText("Check your inbox");
});

test("a wrong password and an unknown email get the same generic error", async ({ page, context }) => {
  const email = await signUp(page, "Wrong Password Co");
  await context.clearCookies();

  await page.goto("/signin");
  await fillSignIn(page, email, "not-the-password");
  await expect(page.locator("form").getByRole("alert")).toHaveText(GENERIC_ERROR);
  await expect(page).toHaveURL(/\/signin/);

  await fillSignIn(page, uniqueEmail("nobody"), PASSWORD);
  await expect(page.locator("form").getByRole("alert")).toHaveText(GENERIC_ERROR);
});

test("a guest is sent to sign-in and back to where they were going", async ({ page, context }) => {
  const email = await signUp(page, "Return Trip Co");
  await context.clearCookies();

  await page.goto("/billing");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbilling/);
  await fillSignIn(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname === "/billing");
});

test("sign-in never redirects off-site", async ({ page, context }) => {
  const email = await signUp(page, "Open Redirect Co");
  await context.clearCookies();

  await page.goto(`/signin?callbackUrl=${encodeURIComponent("https://evil.example/steal")}`);
  await fillSignIn(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname === "/billing");
  expect(new URL(page.url()).origin).toBe(new URL(process.env.E2E_BASE_URL ?? page.url()).origin);
});

test("signed in, a dot-segment callbackUrl is no redirect to another host (#12.1)", async ({ page }) => {
  await signUp(page, "Dot Segment Co");
  const origin = new URL(page.url()).origin;
  for (const path of ["/signin", "/signup"]) {
    for (const payload of ["/..//evil.example/phish", "/.//evil.example/phish", "/%2e%2e//evil.example/phish"]) {
      const response = await page.request.get(`${path}?callbackUrl=${encodeURIComponent(payload)}`, { maxRedirects: 0 });
      expect(response.status(), `${path} ${payload}`).toBe(307);
      const location = response.headers()["location"] ?? "";
      expect(new URL(location, `${origin}${path}`).origin, `${path} ${payload} → ${location}`).toBe(origin);
    }
  }
});

test("the header's Sign out is a plain form: it signs out and lands on the sign-in page", async ({ page }) => {
  await signUp(page, "Sign Out Co");
  const form = page.locator("form[action='/api/auth/signout']");
  await expect(form.locator("input[name=csrfToken]")).toHaveCount(1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbilling/);
});

test("a session cookie saved before sign-out no longer opens /billing (#12.4)", async ({ page, context }) => {
  await signUp(page, "Stolen Cookie Co");
  const saved = await context.cookies();
  expect(saved.some((cookie) => cookie.name.endsWith("next-auth.session-token"))).toBe(true);

  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signedOut = await page.request.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
  expect(signedOut.status()).toBe(200);

  // The attacker's copy of the cookie, put back after the owner signed out.
  await context.clearCookies();
  await context.addCookies(saved);
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbilling/);
  const session = await page.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
});

test("the sign-in limit counts the TCP peer, not a client-typed X-Forwarded-For (#12.2)", async ({ request }) => {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const email = uniqueEmail("spoof");
  for (const forwardedFor of ["203.0.113.50", ","]) {
    const refused = await request.post("/api/auth/callback/credentials", {
      form: { email, password: "not the password", csrfToken, json: "true" },
      headers: { "x-forwarded-for": forwardedFor },
      maxRedirects: 0,
    });
    expect(refused.status()).toBeLessThan(500);
  }
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    // The two failures were counted for the address the server's socket saw (this machine), in one bucket.
    const { rows } = await db.query<{ key: string; n: string }>(
      `SELECT key, count(*) AS n FROM "LoginAttempt" WHERE key LIKE 'pair:' || encode(sha256($1::bytea), 'hex') || ':%' GROUP BY key`,
      [email],
    );
    expect(rows).toEqual([{ key: expect.stringMatching(/:(127\.0\.0\.1|::1)$/), n: "2" }]);
  } finally {
    await db.end();
  }
});

test("a tenant owner who is not a platform admin gets 404 on /admin", async ({ page }) => {
  await signUp(page, "Not Admin Co");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
});

test("pages carry the security headers and a per-response CSP nonce", async ({ request }) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(/script-src [^;]*/.exec(csp)?.[0]).not.toContain("'unsafe-inline'");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The production build runs over plain http locally: no HSTS.
  expect(first.headers()["strict-transport-security"]).toBeUndefined();

  // Next's inline scripts carry the nonce, or the page would not hydrate.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);
});

test("the seeded platform admin lands on /admin; a seeded member gets 404 there", async ({ page, context }) => {
  const demoPassword = process.env.E2E_DEMO_PASSWORD;
  expect(demoPassword, "the e2e harness seeds demo accounts").toBeTruthy();
  await page.goto("/signin");
  await fillSignIn(page, "admin@demo.local", demoPassword ?? "");
  await page.waitForURL((url) => url.pathname === "/admin");
  expect((await page.goto("/admin"))?.status()).toBe(200);

  await context.clearCookies();
  await page.goto("/signin");
  await fillSignIn(page, "member@demo.local", demoPassword ?? "");
  await page.waitForURL((url) => url.pathname === "/billing");
  expect((await page.goto("/admin"))?.status()).toBe(404);
});
