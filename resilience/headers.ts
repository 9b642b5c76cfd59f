// Security headers and cookie flags, both ways: an instance whose public URL is http (no HSTS, no Secure
// cookies) and one whose NEXTAUTH_URL is https (HSTS, upgrade-insecure-requests, __Secure- cookies). The nonce
// in the CSP must be the one on every inline script of the page.
import type { Reply } from "./http-client";
import { HttpSession } from "./http-client";

export type HeaderResult = { checks: number; failures: string[] };

export function checkPageHeaders(label: string, reply: Reply, options: { https: boolean; stripeJsOrigin: string }, result: HeaderResult): void {
  const expect = (ok: boolean, what: string) => {
    result.checks += 1;
    if (!ok) result.failures.push(`${label}: ${what}`);
  };
  const csp = reply.headers.get("content-security-policy") ?? "";
  const directive = (name: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? "";
  const nonce = /'nonce-([^']+)'/.exec(directive("script-src"))?.[1];
  expect(csp !== "", "a Content-Security-Policy header");
  expect(Boolean(nonce), "script-src has a nonce");
  expect(directive("script-src").includes(options.stripeJsOrigin), `script-src allows Stripe.js (${options.stripeJsOrigin})`);
  expect(!/'unsafe-inline'|'unsafe-eval'/.test(directive("script-src")), "script-src has no unsafe-inline/unsafe-eval");
  expect(directive("frame-ancestors") === "frame-ancestors 'none'", "frame-ancestors 'none'");
  expect(directive("object-src") === "object-src 'none'", "object-src 'none'");
  expect(reply.headers.get("x-content-type-options") === "nosniff", "X-Content-Type-Options: nosniff");
  expect(/^(strict-origin-when-cross-origin|no-referrer|same-origin|strict-origin)$/.test(reply.headers.get("referrer-policy") ?? ""), "a strict Referrer-Policy");
  expect(reply.headers.get("x-powered-by") === null, "no X-Powered-By");
  const hsts = reply.headers.get("strict-transport-security");
  if (options.https) {
    expect(/max-age=(\d+)/.test(hsts ?? "") && Number(/max-age=(\d+)/.exec(hsts ?? "")?.[1]) >= 15_552_000, "HSTS of at least 180 days over https");
    expect(csp.includes("upgrade-insecure-requests"), "upgrade-insecure-requests over https");
  } else {
    expect(hsts === null, "no HSTS when the public URL is http");
  }
  if (nonce && reply.headers.get("content-type")?.includes("text/html")) {
    const inline = [...reply.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    const bad = inline.filter((m) => !(m[1] ?? "").includes(`nonce="${nonce}"`));
    expect(bad.length === 0, `every inline script carries the CSP nonce (${bad.length} of ${inline.length} do not)`);
  }
}

export function checkSessionCookie(label: string, setCookies: string[], options: { https: boolean }, result: HeaderResult): void {
  const expect = (ok: boolean, what: string) => {
    result.checks += 1;
    if (!ok) result.failures.push(`${label}: ${what}`);
  };
  const session = setCookies.find((line) => /next-auth\.session-token=/.test(line)) ?? "";
  expect(session !== "", "a session cookie was set");
  expect(/;\s*httponly/i.test(session), "session cookie HttpOnly");
  expect(/;\s*samesite=lax/i.test(session), "session cookie SameSite=Lax");
  expect(/;\s*path=\//i.test(session), "session cookie Path=/");
  if (options.https) {
    expect(/;\s*secure/i.test(session), "session cookie Secure over https");
    expect(session.startsWith("__Secure-"), "session cookie __Secure- prefixed over https");
  } else {
    expect(!/;\s*secure/i.test(session), "no Secure flag on an http origin (the browser would drop it)");
  }
}

export async function runHeaderChecks(
  targets: { label: string; baseUrl: string; https: boolean }[],
  login: { email: string; password: string },
  stripeJsOrigin: string,
): Promise<HeaderResult> {
  const result: HeaderResult = { checks: 0, failures: [] };
  for (const target of targets) {
    const session = new HttpSession(`headers-${target.label}`, target.baseUrl, () => undefined);
    for (const path of ["/signin", "/pricing"]) {
      checkPageHeaders(`${target.label} ${path}`, await session.request(path), { https: target.https, stripeJsOrigin }, result);
    }
    // API responses get the same policy (the webhook route is exempt: no HTML, hot path).
    checkPageHeaders(`${target.label} /api/health`, await session.request("/api/health"), { https: target.https, stripeJsOrigin }, result);
    await session.signIn(login.email, login.password);
    checkSessionCookie(target.label, session.lastSetCookies, { https: target.https }, result);
    checkPageHeaders(`${target.label} /billing`, await session.request("/billing"), { https: target.https, stripeJsOrigin }, result);
  }
  return result;
}
