// Issue #12 findings 7 and 9 against the production build: hostile input is a 4xx with the security headers and
// writes nothing (NUL bytes in searches, filters, the CSV export and sign-up; impossible dates; undecodable,
// oversized and cross-origin server-action bodies; methods Next does not route), and every page carries its
// headers whatever its path looks like (`/checkout/pro-month.js`).
import { request as httpRequest } from "node:http";
import { expect, test, type APIResponse, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { serverActionId } from "./support";

const BASE = process.env.E2E_BASE_URL ?? "";
const DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? "";

async function signedIn(browser: Browser, email: string, landing: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(landing)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === landing);
  return page;
}

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  expect(headers["content-security-policy"], `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  expect(headers["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
}

async function expectRefused(response: APIResponse, statuses: number[], what: string) {
  expect(statuses, `${what}: HTTP ${response.status()} ${(await response.text()).slice(0, 200)}`).toContain(response.status());
  expectSecurityHeaders(response.headers(), what);
}

/** Row counts hostile input could change. */
async function fingerprint(): Promise<string> {
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ f: string }>(`SELECT concat_ws(',', (SELECT count(*) FROM "User"), (SELECT count(*) FROM "Tenant"),
      (SELECT count(*) FROM "Membership"), (SELECT count(*) FROM "AuditLog"), (SELECT count(*) FROM "WebhookEvent")) AS f`);
    return rows[0]?.f ?? "";
  } finally {
    await db.end();
  }
}

/** fetch() refuses to send TRACE and TRACK: straight over a socket. */
function raw(method: string, target: string): Promise<{ status: number; headers: Record<string, string> }> {
  const url = new URL(target, BASE);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: `${url.pathname}${url.search}` }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string> }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("NUL bytes and impossible dates in admin searches, filters and the CSV export: 4xx with headers", async ({ browser }) => {
  const admin = await signedIn(browser, "admin@demo.local", "/admin");
  const before = await fingerprint();
  for (const url of [
    "/admin/tenants?q=a%00b",
    "/admin/tenants?status=active%00",
    "/admin/webhooks?type=a%00b",
    "/admin/webhooks?tenant=%00",
    "/admin/audit?actor=a%00b",
    "/admin/audit?action=%00",
    "/admin/tenants/export?q=a%00b",
  ]) {
    await expectRefused(await admin.request.get(url, { maxRedirects: 0 }), [400], url);
  }
  // A filter that cannot be honoured is refused, not silently dropped.
  for (const url of ["/admin/webhooks?from=-000001-01-01", "/admin/webhooks?to=%2B275760-09-13T00:00"]) {
    await expectRefused(await admin.request.get(url, { maxRedirects: 0 }), [404], url);
  }
  // The sane versions still work.
  expect((await admin.request.get("/admin/tenants?q=ab")).status()).toBe(200);
  expect((await admin.request.get("/admin/webhooks?from=2026-01-01T00:00")).status()).toBe(200);
  expect(await fingerprint()).toBe(before);
});

test("hostile server-action bodies: 400/403/413 with headers, nothing written", async ({ request }) => {
  const id = serverActionId("signUpAction");
  const before = await fingerprint();
  const send = (body: string, headers: Record<string, string> = {}) =>
    request.post("/signup", { headers: { "next-action": id, origin: BASE, "content-type": "text/plain;charset=UTF-8", ...headers }, data: body, maxRedirects: 0 });
  for (const body of ['["$Q1"]', '["$F1"]', '["$B1"]', `${"[".repeat(50_000)}${"]".repeat(50_000)}`]) {
    await expectRefused(await send(body), [400], body.slice(0, 20));
  }
  const form = (name: string) =>
    `--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"]\r\n--b\r\nContent-Disposition: form-data; name="1_name"\r\n\r\n${name}\r\n` +
    `--b\r\nContent-Disposition: form-data; name="1_tenantName"\r\n\r\nNul Org\r\n--b\r\nContent-Disposition: form-data; name="1_email"\r\n\r\n` +
    `nul-${Date.now()}@example.test\r\n--b\r\nContent-Disposition: form-data; name="1_password"\r\n\r\ncorrect-horse-battery-staple\r\n--b--\r\n`;
  await expectRefused(await send(form("A\u0000da"), { "content-type": "multipart/form-data; boundary=b" }), [400], "sign-up name with a NUL");
  await expectRefused(await send("--b\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[", { "content-type": "multipart/form-data; boundary=b" }), [400], "broken multipart");
  await expectRefused(await send(`["${"a".repeat(1024 * 1024 + 16)}"]`), [413], "body over 1 MiB");
  await expectRefused(await send("[{}]", { origin: "https://evil.example" }), [403], "cross-origin action");
  expect(await fingerprint()).toBe(before);
});

test("TRACE and other unrouted methods: 405 with headers, on any path", async () => {
  // (TRACK and made-up methods never reach the app: Node's HTTP parser answers them 400 itself.)
  for (const method of ["TRACE", "PROPFIND", "LOCK"]) {
    for (const target of ["/", "/billing", "/admin/tenants", "/api/health", "/api/auth/session", "/checkout/pro-month.js", "/api/webhooks/stripe", "/_next/static/x.js"]) {
      const res = await raw(method, target);
      expect(res.status, `${method} ${target}`).toBe(405);
      expectSecurityHeaders(res.headers, `${method} ${target}`);
    }
  }
});

test("a page whose path ends like a static file carries CSP and X-Frame-Options (issue #12 finding 9)", async ({ browser }) => {
  const owner = await signedIn(browser, "owner@demo.local", "/billing");
  for (const url of ["/checkout/pro-month.js", "/checkout/pro-month.css", "/billing/x.png", "/admin.map", "/signin.js"]) {
    const res = await owner.request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBeLessThan(500);
    expectSecurityHeaders(res.headers(), url);
  }
});
