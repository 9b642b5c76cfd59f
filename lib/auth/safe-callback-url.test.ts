import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-origin relative paths with their query and hash", () => {
    expect(safeCallbackUrl("/billing/invoices?page=2#top")).toBe("/billing/invoices?page=2#top");
    expect(safeCallbackUrl("/admin")).toBe("/admin");
  });

  it("falls back for anything that could leave the site", () => {
    for (const bad of [
      "https://evil.example/billing",
      "//evil.example/billing",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      "billing",
      "",
      null,
      undefined,
    ]) {
      expect(safeCallbackUrl(bad)).toBe("/billing");
    }
  });

  it("does not loop back to the sign-in or sign-up pages", () => {
    expect(safeCallbackUrl("/signin?callbackUrl=/billing")).toBe("/billing");
    expect(safeCallbackUrl("/signup", "/admin")).toBe("/admin");
  });
});
