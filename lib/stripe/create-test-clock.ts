import "server-only";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * Test mode only (STRIPE_TEST_CLOCKS): the customer's own clock, frozen at now, so tests can move this tenant
 * through renewals without touching anyone else. Retries within the same minute reuse the same clock.
 */
export async function createTestClock(tenant: { id: string; slug: string }): Promise<string> {
  const frozenTime = Math.floor(Date.now() / 60_000) * 60;
  const clock = await stripeCall(() =>
    getStripe().testHelpers.testClocks.create(
      { frozen_time: frozenTime, name: `tenant ${tenant.slug}`.slice(0, 300) },
      { idempotencyKey: `test-clock:${tenant.id}:${frozenTime}` },
    ),
  );
  return clock.id;
}
