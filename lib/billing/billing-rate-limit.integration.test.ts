// Finding #12.8 replayed through the real server actions against the local Stripe emulator: a fresh tenant
// firing 30 SetupIntents at once gets the limit's worth, the rest a clear rate_limited answer, and Stripe
// sees no more than the limit.
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/testing/auth/fake-request"));

import { createSetupIntentAction, previewPlanChangeAction, previewSeatChangeAction } from "@/app/(billing)/billing/actions";
import { signUp } from "@/lib/accounts/sign-up";
import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import { currentCookies, resetRequest, signInThroughNextAuth } from "@/testing/auth/fake-request";
import { getDb } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { seedPlans } from "@/lib/plans/seed-plans";
import { BILLING_OPERATION_LIMITS, BILLING_RATE_LIMITED_MESSAGE, BILLING_USER_LIMIT } from "./billing-rate-limit";
import { startLocalStripeForTests } from "@/testing/local-stripe";

const PASSWORD = "correct horse battery staple";
let emulator: StripeLocal;

beforeAll(async () => {
  prepareAuthTestEnv();
  ({ emulator } = await startLocalStripeForTests());
  await seedPlans();
});
afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

let counter = 0;
async function signedInOwner(verified = true) {
  const email = uniqueEmail("throttle");
  const account = await signUp({ email, password: PASSWORD, name: "Tom", tenantName: "Throttle Co" });
  // These tests are about the limits; the verification gate has its own test below.
  if (verified) await getDb().user.update({ where: { id: account.userId }, data: { emailVerifiedAt: new Date() } });
  resetRequest();
  counter += 1;
  expect(await signInThroughNextAuth({ email, password: PASSWORD, ip: `2001:db8:8::${counter}` })).toMatchObject({ ok: true });
  return { ...account, cookies: currentCookies() };
}

describe("billing actions wait for a confirmed email address", () => {
  it("refuses an unconfirmed owner with how to fix it, before spending any allowance or calling Stripe", async () => {
    const { tenantId } = await signedInOwner(false);
    const result = await createSetupIntentAction({ requestId: crypto.randomUUID() });
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringContaining("Confirm your email address") } });
    expect(await getDb().loginAttempt.count({ where: { key: { contains: tenantId } } })).toBe(0);
  });
});

describe("billing action limits (#12.8)", () => {
  it("refuses a burst of 30 SetupIntents from a fresh tenant after the limit, with a clear message", async () => {
    const { tenantId } = await signedInOwner();
    const results = await Promise.all(Array.from({ length: 30 }, () => createSetupIntentAction({ requestId: crypto.randomUUID() })));
    const created = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(created).toHaveLength(BILLING_OPERATION_LIMITS.setup_intent);
    for (const result of refused) expect(result).toEqual({ ok: false, error: { code: "rate_limited", message: BILLING_RATE_LIMITED_MESSAGE } });

    // Stripe saw only the allowed ones.
    const tenant = await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const intents = await getStripe().setupIntents.list({ customer: tenant.stripeCustomerId ?? "", limit: 100 });
    expect(intents.data).toHaveLength(BILLING_OPERATION_LIMITS.setup_intent);
  });

  it("keeps tenants apart: one tenant's burst does not throttle another", async () => {
    const first = await signedInOwner();
    resetRequest({ cookies: first.cookies });
    await Promise.all(Array.from({ length: 15 }, () => createSetupIntentAction({ requestId: crypto.randomUUID() })));
    await signedInOwner();
    expect(await createSetupIntentAction({ requestId: crypto.randomUUID() })).toMatchObject({ ok: true });
  });

  it("limits a user across operations, and previews separately from writes", async () => {
    await signedInOwner();
    const previews = await Promise.all(Array.from({ length: BILLING_OPERATION_LIMITS.preview + 5 }, () => previewPlanChangeAction({ planKey: "pro-month" })));
    // A tenant without a subscription gets a not-found or conflict answer from the use case, but each counted.
    expect(previews.filter((r) => !r.ok && r.error.code === "rate_limited")).toHaveLength(5);
    expect(BILLING_USER_LIMIT).toBeGreaterThanOrEqual(BILLING_OPERATION_LIMITS.preview);
  });

  it("refuses a seat count that is not a whole number from 1 to the maximum with a clear message, before Stripe", async () => {
    await signedInOwner();
    const before = (await getStripe().invoices.list({ limit: 100 })).data.length;
    for (const seats of [0, -1, 2.5, 100_000, "many"]) {
      const result = await previewSeatChangeAction({ seats } as { seats: number });
      expect(result, String(seats)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    // A valid count from a tenant without a per-seat plan is the use case's refusal, not a validation one.
    expect(await previewSeatChangeAction({ seats: 3 })).toMatchObject({ ok: false, error: { code: "conflict", message: "Your plan is not priced per seat." } });
    expect((await getStripe().invoices.list({ limit: 100 })).data.length).toBe(before);
  });
});
