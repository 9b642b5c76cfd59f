// The one-live-subscription guard fails closed: when Stripe cannot be asked whether the tenant already holds a
// subscription (the test harness points the SDK at a closed port), no checkout starts, on either path, and the
// tenant is told plainly that nothing was started or charged and to try again.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { startCheckout } from "./start-checkout";
import { startHostedCheckout } from "./start-hosted-checkout";

afterAll(async () => {
  await getDb().$disconnect();
});

async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("checkout with Stripe unreachable", () => {
  it("refuses to start a checkout, on the card form and hosted Checkout, with a clear 'try again'", async () => {
    process.env.LOG_LEVEL = "silent";
    const suffix = uniqueSuffix();
    const plan = await getDb().plan.create({
      data: { key: `guard-${suffix}`, name: "Guard", amount: 1900, interval: "month", stripePriceId: `price_guard_${suffix}` },
    });
    const tenant = await createTestTenant({ stripeCustomerId: `cus_guard_${suffix}` });
    for (const attempt of [startCheckout(tenant, plan.key, { attemptId: "a1" }), startHostedCheckout(tenant, plan.key)]) {
      const error = await refusal(attempt);
      expect(error.code).toBe("stripe_error");
      expect(error.message).toMatch(/could not check .* subscription/);
      expect(error.message).toMatch(/nothing was started/);
      expect(error.message).toMatch(/[Tt]ry again/);
    }
  }, 60_000);
});
