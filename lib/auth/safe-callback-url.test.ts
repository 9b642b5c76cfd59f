import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

const ORIGIN = "http://app.example";

/** Where a browser on ORIGIN ends up when it follows `location`. */
function browserTarget(location: string): URL {
  return new URL(location, `${ORIGIN}/signin`);
}

// Known open-redirect payloads (OWASP cheat sheet, PayloadsAllTheThings, the review's own findings).
const HOSTILE = [
  "/..//evil.example/phish",
  "/.//evil.example",
  "/./..//evil.example",
  "/a/../..//evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E//evil.example",
  "/.%2e//evil.example",
  "/%2e//evil.example",
  "//evil.example",
  "///evil.example",
  "////evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "/\u0000/evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%2f/evil.example",
  "/%2F%2Fevil.example",
  "/%5c/evil.example",
  "/%5Cevil.example",
  "https://evil.example/billing",
  "http:evil.example",
  "https:/evil.example",
  "//evil.example@app.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  " //evil.example",
  "\t//evil.example",
  "billing",
  "evil.example",
  "@evil.example",
  "",
  "/".padEnd(3000, "a"),
];

describe("safeCallbackUrl", () => {
  it("keeps same-origin relative paths with their query and hash", () => {
    expect(safeCallbackUrl("/billing/invoices?page=2#top")).toBe("/billing/invoices?page=2#top");
    expect(safeCallbackUrl("/admin")).toBe("/admin");
    expect(safeCallbackUrl("/checkout/pro-month?from=pricing")).toBe("/checkout/pro-month?from=pricing");
    // A harmless dot segment is resolved, and what comes back is the resolved path.
    expect(safeCallbackUrl("/billing/../admin")).toBe("/admin");
  });

  it.each(HOSTILE.map((payload) => [JSON.stringify(payload).slice(0, 60), payload]))("falls back for %s", (_label, payload) => {
    const result = safeCallbackUrl(payload);
    expect(result).toBe("/billing");
    expect(browserTarget(result).origin).toBe(ORIGIN);
  });

  it("never returns anything a browser resolves off-site, whatever the input", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
    for (const payload of HOSTILE) {
      for (const wrapped of [payload, `${payload}?x=1`, `/billing${payload}`]) {
        expect(browserTarget(safeCallbackUrl(wrapped, "/")).origin).toBe(ORIGIN);
      }
    }
  });

  it("falls back for missing values", () => {
    expect(safeCallbackUrl(null)).toBe("/billing");
    expect(safeCallbackUrl(undefined, "/admin")).toBe("/admin");
  });

  it("does not loop back to the sign-in or sign-up pages", () => {
    expect(safeCallbackUrl("/signin?callbackUrl=/billing")).toBe("/billing");
    expect(safeCallbackUrl("/signup", "/admin")).toBe("/admin");
  });
});
