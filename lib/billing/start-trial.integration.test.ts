import type { StripeLocal } from "@asset-anchor/stripe-local";
// Free trials against a real PostgreSQL and the local Stripe emulator, through the app's own Stripe client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTestTenant } from "@/testing/test-db";
import { seedPlans } from "@/lib/plans/seed-plans";
import { startHostedCheckout } from "./start-hosted-checkout";
import { startTrial } from "./start-trial";
import { TRIAL_USED_MESSAGE } from "./trial-eligibility";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;
let stripe: Stripe;
const DAY = 86_400;

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests());
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

  it("on hosted Checkout: the trial asks for a card only if given one, and a used trial is refused there too", async () => {
    const tenant = await createTestTenant();
    const hosted = await startHostedCheckout(tenant, "starter-month", { trial: true });
    if (hosted.kind !== "redirect") throw new Error("expected a Checkout redirect");
    const sessionId = /\/_local\/checkout\/(cs_[A-Za-z0-9_]+)/.exec(hosted.url)?.[1] ?? "";
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    expect(session.payment_method_collection).toBe("if_required");
    const submitted = await fetch(hosted.url, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ number: "", exp: "", cvc: "" }).toString(),
    });
    expect(submitted.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(sessionId, { expand: ["subscription"] });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe("trialing");
    expect(sub.default_payment_method).toBeNull();
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("cancel");
    await stripe.subscriptions.cancel(sub.id);
    expect(await refusal(startHostedCheckout(tenant, "pro-month", { trial: true }))).toEqual({ code: "conflict", message: TRIAL_USED_MESSAGE });
    expect((await startHostedCheckout(tenant, "pro-month")).kind).toBe("redirect");
  });
});
