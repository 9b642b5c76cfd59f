// Free trials against a real PostgreSQL and the local Stripe emulator, through the app's own Stripe client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { startStripeLocal } from "@asset-anchor/stripe-local";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getStripe } from "@/lib/stripe/client";
import { createTestTenant } from "@/testing/test-db";
import { seedPlans } from "@/lib/plans/seed-plans";
import { startTrial, TRIAL_USED_MESSAGE } from "./start-trial";

type Emulator = Awaited<ReturnType<typeof startStripeLocal>>;
let emulator: Emulator;
let stripe: Stripe;
const DAY = 86_400;

beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  process.env.STRIPE_API_URL = emulator.url;
  (globalThis as { assetAnchorStripe?: unknown }).assetAnchorStripe = undefined;
  stripe = getStripe();
  await seedPlans();
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    return { code: `not an AppError: ${String(error)}`, message: "" };
  }
  return { code: "resolved", message: "" };
}

async function started(tenant: Awaited<ReturnType<typeof createTestTenant>>, planKey = "starter-month") {
  const result = await startTrial(tenant, planKey, { attemptId: `attempt-${tenant.id}` });
  if (result.kind !== "trial") throw new Error(`expected a trial, got ${result.kind}`);
  return result;
}

describe("startTrial", () => {
  it("starts the plan's 14-day trial without a charge, ending by the configured missing-card behaviour", async () => {
    const tenant = await createTestTenant();
    const trial = await started(tenant);
    const sub = await stripe.subscriptions.retrieve(trial.subscriptionId, { expand: ["latest_invoice"] });
    expect(sub.status).toBe("trialing");
    expect((sub.trial_end ?? 0) - (sub.trial_start ?? 0)).toBe(14 * DAY);
    expect(trial.trialEnd).toBe(sub.trial_end);
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("cancel");
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(0);
    expect(sub.default_payment_method).toBeNull();
    expect(trial.setupClientSecret).toMatch(/^seti_/);
  });

  it("saves the card the tenant enters by confirming the pending SetupIntent", async () => {
    const tenant = await createTestTenant();
    const trial = await started(tenant, "pro-year");
    const setupIntentId = /^(seti_[A-Za-z0-9]+?)_secret_/.exec(trial.setupClientSecret ?? "")?.[1];
    if (!setupIntentId) throw new Error("unexpected client secret");
    const confirmed = await stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_visa" });
    expect(confirmed.status).toBe("succeeded");
    const sub = await stripe.subscriptions.retrieve(trial.subscriptionId);
    expect(sub.status).toBe("trialing");
    expect(sub.default_payment_method).toBe(confirmed.payment_method);
  });

  it("gives a tenant one trial: a second one is refused after the first ended, and while it runs the tenant is subscribed", async () => {
    const tenant = await createTestTenant();
    const trial = await started(tenant);
    expect((await startTrial(tenant, "pro-month")).kind).toBe("already_subscribed");
    await stripe.subscriptions.cancel(trial.subscriptionId);
    expect(await refusal(startTrial(tenant, "pro-month"))).toEqual({ code: "conflict", message: TRIAL_USED_MESSAGE });
    const trials = (await stripe.subscriptions.list({ customer: (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId ?? "", status: "all" })).data;
    expect(trials).toHaveLength(1);
  });

  it("remembers a trial from our own rows when Stripe no longer lists it (a new customer)", async () => {
    const tenant = await createTestTenant();
    await getDb().subscription.create({
      data: { tenantId: tenant.id, stripeSubscriptionId: `sub_old_${tenant.id}`, status: "canceled", trialEnd: new Date("2026-01-01T00:00:00Z") },
    });
    expect((await refusal(startTrial(tenant, "starter-month"))).code).toBe("conflict");
  });

  it("refuses a trial on a plan without one", async () => {
    const tenant = await createTestTenant();
    expect((await refusal(startTrial(tenant, "scale-month"))).code).toBe("invalid_input");
  });
});
