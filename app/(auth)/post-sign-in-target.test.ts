import { describe, expect, it } from "vitest";
import { postSignInTarget } from "./post-sign-in-target";

const admin = { tenantId: null, user: { isPlatformAdmin: true } };
const adminWithTenant = { tenantId: "tnt_1", user: { isPlatformAdmin: true } };
const owner = { tenantId: "tnt_1", user: { isPlatformAdmin: false } };

describe("postSignInTarget", () => {
  it("sends each role home when there is no callbackUrl", () => {
    expect(postSignInTarget(null, admin)).toBe("/admin");
    expect(postSignInTarget(null, adminWithTenant)).toBe("/admin");
    expect(postSignInTarget(null, owner)).toBe("/billing");
    expect(postSignInTarget(undefined, null)).toBe("/billing");
  });

  it("follows a safe callbackUrl, and falls back to the role's home for an unsafe one", () => {
    expect(postSignInTarget("/checkout/pro-month", owner)).toBe("/checkout/pro-month");
    expect(postSignInTarget("https://evil.example/", admin)).toBe("/admin");
    expect(postSignInTarget("//evil.example", owner)).toBe("/billing");
  });
});
