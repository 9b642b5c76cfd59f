import { describe, expect, it } from "vitest";
import { hasStackTrace } from "./fuzz";
import { findCardNumbers, scanForLeaks } from "./leaks";

describe("findCardNumbers", () => {
  it("finds Luhn-valid card numbers, grouped or not", () => {
    expect(findCardNumbers("card 4242424242424242 typed")).toEqual(["4242424242424242"]);
    expect(findCardNumbers("4000 0000 0000 0341")).toEqual(["4000000000000341"]);
    expect(findCardNumbers("5555-5555-5555-4444")).toEqual(["5555555555554444"]);
  });

  it("ignores timestamps, ids and numbers that fail Luhn", () => {
    expect(findCardNumbers('{"time":1795995857493,"durationMs":12.5}')).toEqual([]);
    expect(findCardNumbers("4242424242424241")).toEqual([]);
    expect(findCardNumbers("evt_1234567890123456")).toEqual([]);
  });
});

describe("scanForLeaks", () => {
  const base = { root: "/nonexistent", secrets: [{ label: "key", value: "sk_test_abcdefgh12345" }], tenantData: [{ owners: ["a"], strings: ["Tenant A"] }] };

  it("counts secrets, secret shapes, other tenants' data and card numbers", () => {
    const result = scanForLeaks({
      ...base,
      responses: [
        { persona: "b", path: "GET /x", body: "Welcome, Tenant A" },
        { persona: "a", path: "GET /x", body: "Welcome, Tenant A" },
        { persona: "admin", path: "GET /admin", body: "Tenant A" },
        { persona: "b", path: "GET /y", body: "postgresql://u:pw@host/db" },
      ],
      logs: ['{"msg":"paid with 4242424242424242"}', '{"secret":"pi_123_secret_abc"}', "ok line"],
    });
    expect(result.leaks).toBe(4);
  });

  it("does not count an id the caller put in the URL", () => {
    const result = scanForLeaks({ ...base, responses: [{ persona: "b", path: "GET /t/Tenant A", body: "callbackUrl=/t/Tenant A" }], logs: [] });
    expect(result.leaks).toBe(0);
  });
});

describe("hasStackTrace", () => {
  it("spots a Node stack trace and file paths", () => {
    expect(hasStackTrace("Error: boom\n    at handler (/work/main/.next/server/app/x.js:1:2)")).toBe(true);
    expect(hasStackTrace('{"error":{"code":"internal","message":"Something went wrong (error id 1)"}}')).toBe(false);
  });
});
