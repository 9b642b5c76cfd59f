import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash and records its parameters", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(needsRehash(a)).toBe(false);
  });

  it("treats Unicode spellings of the same password alike (NFKC)", async () => {
    const hash = await hashPassword("caf\u00e9 au lait!");
    expect(await verifyPassword("cafe\u0301 au lait!", hash)).toBe(true);
  });

  it("rejects malformed or tampered hashes without throwing", async () => {
    const hash = await hashPassword("correct horse battery");
    const parts = hash.split("$");
    const tamperedKey = [...parts.slice(0, 5), Buffer.alloc(32, 1).toString("base64")].join("$");
    for (const bad of ["", "plaintext", "bcrypt$2b$10$abc", tamperedKey, hash.replace("$32768$", "$1000$"), hash.replace("$32768$", "$4194304$")]) {
      expect(await verifyPassword("correct horse battery", bad)).toBe(false);
    }
    expect(needsRehash("plaintext")).toBe(true);
  });

  it("still verifies an older, weaker hash and flags it for rehashing", async () => {
    // The same encoding at N=2^14, as an earlier configuration would have written it.
    const { scryptSync } = await import("node:crypto");
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync("old password 123", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
    expect(await verifyPassword("old password 123", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it("spends a real verification when there is no user, and always fails", async () => {
    const started = performance.now();
    expect(await verifyAgainstDummy("anything at all")).toBe(false);
    const single = performance.now() - started;
    const hash = await hashPassword("x".repeat(12));
    const t0 = performance.now();
    await verifyPassword("y".repeat(12), hash);
    const real = performance.now() - t0;
    // Same order of cost (both are one scrypt at the same parameters); generous bounds for a shared CPU.
    expect(single).toBeGreaterThan(real / 4);
  });
});
