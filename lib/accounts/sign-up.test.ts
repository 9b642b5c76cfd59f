import { describe, expect, it } from "vitest";
import { signUpSchema, slugify } from "./sign-up";

describe("slugify", () => {
  it("makes URL-safe slugs from organisation names", () => {
    expect(slugify("Acme Rockets, Inc.")).toBe("acme-rockets-inc");
    expect(slugify("  Café Zürich  ")).toBe("cafe-zurich");
    expect(slugify("!!!")).toBe("team");
    expect(slugify("x".repeat(80))).toHaveLength(40);
  });
});

describe("signUpSchema", () => {
  it("normalises the email and trims names", () => {
    const parsed = signUpSchema.parse({ email: "  Ada@Example.COM ", password: "0123456789ab", name: " Ada ", tenantName: " Analytical " });
    expect(parsed).toEqual({ email: "ada@example.com", password: "0123456789ab", name: "Ada", tenantName: "Analytical" });
  });

  it("demands a 12-character password and a real email", () => {
    const result = signUpSchema.safeParse({ email: "ada", password: "k3#vQ9!mZp2", name: "Ada", tenantName: "A" });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("refuses names with control or bidirectional-override characters, which could disguise a tenant in admin lists", () => {
    for (const tenantName of ["Acme\u202Egnp.exe", "Acme\u2066Corp", "Acme\u0007", "Acme\u200FCorp"]) {
      const result = signUpSchema.safeParse({ email: "ada@example.com", password: "0123456789ab", name: "Ada", tenantName });
      expect(result.success, JSON.stringify(tenantName)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(["tenantName"]);
    }
    expect(signUpSchema.safeParse({ email: "ada@example.com", password: "0123456789ab", name: "Zoë Ångström", tenantName: "Café Ünïcode 東京" }).success).toBe(true);
  });
});
