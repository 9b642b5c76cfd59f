import { afterEach, describe, expect, it, vi } from "vitest";

async function loadWith(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import("./fault-injection");
}

const LOCAL = { STRIPE_API_URL: "http://127.0.0.1:12111", NEXT_PHASE: "phase-production-build" };

afterEach(() => vi.unstubAllEnvs());

describe("maybeInjectFault", () => {
  it("throws every time at rate 1 against the local emulator", async () => {
    const { maybeInjectFault, InjectedFault } = await loadWith({ ...LOCAL, WEBHOOK_FAULT_RATE: "1" });
    expect(() => maybeInjectFault("evt_1")).toThrow(InjectedFault);
  });

  it("never throws at the default rate", async () => {
    const { maybeInjectFault } = await loadWith({ ...LOCAL, WEBHOOK_FAULT_RATE: undefined });
    for (let i = 0; i < 100; i += 1) maybeInjectFault(`evt_${i}`);
  });

  it("is ignored with real Stripe, whatever the rate", async () => {
    const { maybeInjectFault } = await loadWith({ STRIPE_API_URL: "", STRIPE_SECRET_KEY: "sk_test_x", WEBHOOK_FAULT_RATE: "1", NEXT_PHASE: "phase-production-build" });
    expect(() => maybeInjectFault("evt_1")).not.toThrow();
  });

  it("refuses a rate outside 0–1 at start", async () => {
    const { parseEnv } = await import("@/lib/env/schema.js");
    expect(() => parseEnv({ WEBHOOK_FAULT_RATE: "2" })).toThrow(/WEBHOOK_FAULT_RATE/);
  });
});
