import { describe, expect, it } from "vitest";
import { isCommonPassword, passwordSchema } from "./password-policy";

function problems(password: string): string[] {
  const result = passwordSchema.safeParse(password);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("passwordSchema (#12.10)", () => {
  it("refuses whitespace-only passwords of any length, the review's ten spaces included", () => {
    for (const blank of [" ".repeat(10), " ".repeat(12), "\t".repeat(16), "\u00a0".repeat(20), "\u3000".repeat(14)]) {
      expect(problems(blank).length, JSON.stringify(blank)).toBeGreaterThan(0);
    }
    expect(problems(" ".repeat(12))).toContain("Use letters, digits or symbols, not only spaces.");
  });

  it("demands 12 characters", () => {
    expect(problems("k3#vQ9!mZp2")).toEqual(["Use at least 12 characters."]);
    expect(problems("k3#vQ9!mZp2x")).toEqual([]);
  });

  it("refuses common passwords, whatever their case or separators", () => {
    for (const password of ["password1234", "PASSWORD1234", "passwordpassword", "qwerty123456", "1q2w3e4r5t6y", "Q1W2-E3R4-T5Y6", "administrator"]) {
      expect(isCommonPassword(password), password).toBe(true);
    }
    expect(problems("Password1234")).toContain("This password is on a list of commonly used passwords. Choose another.");
  });

  it("accepts long uncommon passphrases", () => {
    expect(problems("correct horse battery staple")).toEqual([]);
    expect(problems("demo-password-0123")).toEqual([]);
  });
});
