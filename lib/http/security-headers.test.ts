import { describe, expect, it } from "vitest";
import { buildSecurityHeaders } from "./security-headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values] as [string, string[]];
    }),
  );
}

describe("security headers", () => {
  it("local mode: only our origin, the emulator and this response's nonce", () => {
    const headers = buildSecurityHeaders({
      nonce: "abc123",
      stripeJsUrl: "http://127.0.0.1:12111/v3/stripe.js",
      stripeApiUrl: "http://127.0.0.1:12111",
      nodeEnv: "production",
      publicUrl: "http://localhost:5050",
    });
    const csp = directives(headers["Content-Security-Policy"] ?? "");
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "http://127.0.0.1:12111"]);
    expect(csp.get("frame-src")).toEqual(["http://127.0.0.1:12111"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:12111"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    // Plain http: no HSTS, or a local run would pin the browser to https for localhost.
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("real Stripe in production over https: Stripe's hosts, HSTS and upgrade-insecure-requests", () => {
    const headers = buildSecurityHeaders({
      nonce: "n",
      stripeJsUrl: "https://js.stripe.com/v3",
      stripeApiUrl: undefined,
      nodeEnv: "production",
      publicUrl: "https://billing.example.com",
    });
    const csp = directives(headers["Content-Security-Policy"] ?? "");
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-n'", "https://js.stripe.com", "https://*.js.stripe.com"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "https://js.stripe.com", "https://api.stripe.com"]);
    expect(csp.get("frame-src")).toContain("https://js.stripe.com");
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
    expect(headers["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
  });

  it("development adds eval for React's tooling but never HSTS", () => {
    const headers = buildSecurityHeaders({
      nonce: "n",
      stripeJsUrl: "https://js.stripe.com/v3",
      nodeEnv: "development",
      publicUrl: "https://dev.example.com",
    });
    expect(directives(headers["Content-Security-Policy"] ?? "").get("script-src")).toContain("'unsafe-eval'");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });
});
