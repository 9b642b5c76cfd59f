// Issue #12 finding 12: the emulator `npm start` runs is locked down — its own keys only, no permissive CORS,
// control routes behind the secret key, loopback by default.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeLocal, type StripeLocal } from "./index";

const access = { secretKey: "sk_test_localOwnKey123", publishableKey: "pk_test_localOwnKey123", origins: ["http://localhost:5050"] };
let local: StripeLocal;

beforeAll(async () => {
  local = await startStripeLocal({ port: 0, access });
});
afterAll(async () => {
  await local.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${local.url}${path}`, { headers });

describe("a locked-down emulator", () => {
  it("listens on loopback by default", () => {
    expect(new URL(local.url).hostname).toBe("127.0.0.1");
  });

  it("takes only its own keys", async () => {
    expect((await get("/v1/customers", { authorization: "Bearer sk_test_anyOtherKey" })).status).toBe(401);
    expect((await get("/v1/customers", { authorization: `Bearer ${access.secretKey}` })).status).toBe(200);
  });

  it("keeps its control routes (the webhook secret among them) behind the secret key", async () => {
    for (const path of ["/_local/webhook", "/_local/deliveries"]) {
      const refused = await get(path);
      expect(refused.status, path).toBe(401);
      expect(await refused.text()).not.toContain(local.webhookSecret);
      expect((await get(path, { authorization: "Bearer sk_test_anyOtherKey" })).status).toBe(401);
    }
    const reset = await fetch(`${local.url}/_local/reset`, { method: "POST" });
    expect(reset.status).toBe(401);
    const allowed = await get("/_local/webhook", { authorization: `Bearer ${access.secretKey}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain(local.webhookSecret);
  });

  it("answers CORS for the app's origin only, never *", async () => {
    const preflight = (origin: string) =>
      fetch(`${local.url}/v1/payment_intents/pi_x`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight("http://localhost:5050")).headers.get("access-control-allow-origin")).toBe("http://localhost:5050");
    const control = await fetch(`${local.url}/_local/webhook`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(control.headers.get("access-control-allow-origin")).toBeNull();
  });
});
