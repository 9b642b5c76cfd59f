// Resuming a trial that ended without a card and was paused, against a real PostgreSQL and the emulator through the
// app's own Stripe client: the card is added the way the dashboard adds it (a SetupIntent, then the default), the
// resume charges a resumption invoice, and the plan shows active only once that is paid. Broken the ways people break
// it: no card, a declined card, a double click, two tabs, another tenant's subscription id.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { advanceClock } from "@asset-anchor/stripe-local/contract-harness";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { seedPlans } from "@/lib/plans/seed-plans";
import { createTestTenant } from "@/testing/test-db";
import { startLocalStripeForTests } from "@/testing/local-stripe";
import { deliverEmittedEvents } from "@/testing/webhooks/deliver-emitted-events";
import { getBillingOverview, listInvoices } from "./get-billing-overview";
import { RESUME_DECLINED_MESSAGE, resumePausedSubscription } from "./resume-paused-subscription";
import { createSetupIntentForPaymentMethod, setDefaultPaymentMethod } from "./update-payment-method";

let emulator: StripeLocal;
let stripe: Stripe;
const priceOf = new Map<string, string>();
const delivered = new Set<string>();

beforeAll(async () => {
  ({ emulator, stripe } = await startLocalStripeForTests({ LOG_LEVEL: "silent" }));
  for (const plan of await seedPlans()) priceOf.set(plan.key, plan.stripePriceId);
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

type Tenant = { id: string; name: string; slug: string };

/** A tenant whose cardless 14-day trial of starter-month ended paused (trial_settings missing_payment_method=pause). */
async function pausedTenant(): Promise<{ tenant: Tenant; customerId: string; subscriptionId: string }> {
  const row = await createTestTenant();
  const tenant = { id: row.id, name: row.name, slug: row.slug };
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const customer = await stripe.customers.create({ test_clock: clock.id, metadata: { tenantId: tenant.id } });
  await getDb().tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: priceOf.get("starter-month") as string }],
    trial_period_days: 14,
    payment_behavior: "default_incomplete",
    trial_settings: { end_behavior: { missing_payment_method: "pause" } },
    metadata: { tenantId: tenant.id, plan: "starter-month" },
  });
  await advanceClock(stripe, clock.id, (sub.trial_end ?? 0) + 7200);
  expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
  await deliverEmittedEvents(delivered);
  return { tenant, customerId: customer.id, subscriptionId: sub.id };
}

/** The card the tenant types into the Elements form: a SetupIntent confirmed with it, then made the default. */
async function addCard(tenant: Tenant, card: string) {
  const { clientSecret } = await createSetupIntentForPaymentMethod(tenant, { requestId: randomUUID() });
  const setupIntentId = /^(seti_[A-Za-z0-9]+?)_secret_/.exec(clientSecret)?.[1] ?? "";
  await stripe.setupIntents.confirm(setupIntentId, { payment_method: card });
  await setDefaultPaymentMethod(tenant, { setupIntentId });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    return { code: `not an AppError: ${String(error)}`, message: "" };
  }
  return { code: "resolved", message: "" };
}

const invoicesOf = async (subscriptionId: string) => (await stripe.invoices.list({ subscription: subscriptionId, limit: 20 })).data;
const paidTotal = async (subscriptionId: string) => (await invoicesOf(subscriptionId)).reduce((sum, i) => sum + i.amount_paid, 0);

describe("resumePausedSubscription", () => {
  it("with a card: charges one resumption invoice, and the dashboard shows the plan active only once it is paid", async () => {
    const { tenant, subscriptionId } = await pausedTenant();
    expect((await getBillingOverview(tenant.id)).status.label).toBe("Paused");
    await addCard(tenant, "pm_card_visa");
    const requestId = randomUUID();
    const result = await resumePausedSubscription(tenant, { subscriptionId, requestId });
    expect(result.invoice).toMatchObject({ amountPaid: 1900, currency: "usd" });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");

    await deliverEmittedEvents(delivered);
    const overview = await getBillingOverview(tenant.id);
    expect([overview.status.label, overview.access]).toEqual(["Active", "full"]);
    const invoices = await listInvoices(tenant.id);
    expect(invoices.find((i) => i.id === result.invoice?.id)).toMatchObject({ status: "paid", amountPaid: 1900 });

    // The double click's second request (same form) finds it active: a clear 409, nothing charged twice.
    expect((await refusal(resumePausedSubscription(tenant, { subscriptionId, requestId }))).code).toBe("conflict");
    expect(await paidTotal(subscriptionId)).toBe(1900);
  });

  it("two tabs at once: one resume charges, the other is a 409; one paid invoice", async () => {
    const { tenant, subscriptionId } = await pausedTenant();
    await addCard(tenant, "pm_card_visa");
    const outcomes = await Promise.allSettled([
      resumePausedSubscription(tenant, { subscriptionId, requestId: randomUUID() }),
      resumePausedSubscription(tenant, { subscriptionId, requestId: randomUUID() }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe("conflict");
    expect(await paidTotal(subscriptionId)).toBe(1900);
    expect((await invoicesOf(subscriptionId)).filter((i) => i.billing_reason === "subscription_update")).toHaveLength(1);
  });

  it("without a card: a 409 that says to add one; still paused, no invoice", async () => {
    const { tenant, subscriptionId } = await pausedTenant();
    const before = (await invoicesOf(subscriptionId)).length;
    const refused = await refusal(resumePausedSubscription(tenant, { subscriptionId, requestId: randomUUID() }));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toMatch(/no card on file/i);
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("paused");
    expect(await invoicesOf(subscriptionId)).toHaveLength(before);
  });

  it("a declined card: a 409, still paused, nothing payable left; the same form with another card then resumes", async () => {
    const { tenant, subscriptionId } = await pausedTenant();
    await addCard(tenant, "pm_card_chargeCustomerFail");
    const requestId = randomUUID();
    expect(await refusal(resumePausedSubscription(tenant, { subscriptionId, requestId }))).toEqual({ code: "conflict", message: RESUME_DECLINED_MESSAGE });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("paused");
    expect((await invoicesOf(subscriptionId)).filter((i) => i.status === "open")).toHaveLength(0);
    expect(await paidTotal(subscriptionId)).toBe(0);
    await deliverEmittedEvents(delivered);
    expect((await getBillingOverview(tenant.id)).status.label).toBe("Paused");
    // The voided resumption attempt is no bill the tenant owes: not in their invoice list (the $0 trial invoice is).
    expect((await listInvoices(tenant.id)).map((i) => [i.status, i.total])).toEqual([["paid", 0]]);

    await addCard(tenant, "pm_card_visa");
    const result = await resumePausedSubscription(tenant, { subscriptionId, requestId });
    expect(result.invoice?.amountPaid).toBe(1900);
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");
  });

  it("another tenant's subscription id: a 404, and that subscription is left paused and uncharged", async () => {
    const victim = await pausedTenant();
    await addCard(victim.tenant, "pm_card_visa");
    const { tenant: attacker } = await pausedTenant();
    await addCard(attacker, "pm_card_visa");
    const refused = await refusal(resumePausedSubscription(attacker, { subscriptionId: victim.subscriptionId, requestId: randomUUID() }));
    expect(refused.code).toBe("not_found");
    expect((await stripe.subscriptions.retrieve(victim.subscriptionId)).status).toBe("paused");
    expect(await paidTotal(victim.subscriptionId)).toBe(0);
  });
});
