import type { StripeLocal } from "@asset-anchor/stripe-local";
// The billing use cases against a real PostgreSQL (vitest global setup) and the local Stripe emulator started
// in-process, through the app's own Stripe client. No webhooks are needed here: every assertion reads Stripe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTestTenant } from "@/testing/test-db";
import { seedPlans } from "@/lib/plans/seed-plans";
import { catalogPlans } from "@/lib/plans/catalog";
import { startCheckout } from "./start-checkout";
import { previewPlanChange } from "./preview-plan-change";
import { changePlan } from "./change-plan";
import { cancelSubscription, resumeSubscription } from "./cancel-subscription";
import { ensureStripeCustomer } from "./ensure-stripe-customer";
import { startHostedCheckout } from "./start-hosted-checkout";
import { createSetupIntentForPaymentMethod, setDefaultPaymentMethod } from "./update-payment-method";
import { openBillingPortal } from "./open-billing-portal";
import { getBillingOverview } from "./get-billing-overview";
import { startLocalStripeForTests } from "@/testing/local-stripe";

let emulator: StripeLocal;
let stripe: Stripe;

beforeAll(async () => {
  // Before the first getEnv()/getStripe() of this file: point the app's one client at this emulator.
  ({ emulator, stripe } = await startLocalStripeForTests());
  await seedPlans();
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return "resolved";
}

async function subscriptionsOf(customer: string) {
  return (await stripe.subscriptions.list({ customer, status: "all", limit: 100 })).data;
}

/** Checkout, then pay the first invoice the way the PaymentElement would (the emulator's test card). */
async function subscribedTenant(planKey = "starter-month") {
  const tenant = await createTestTenant();
  const started = await startCheckout(tenant, planKey);
  if (started.kind !== "payment") throw new Error("expected a payment to confirm");
  const paymentIntentId = /^(pi_[A-Za-z0-9]+?)_secret_/.exec(started.clientSecret)?.[1];
  if (!paymentIntentId) throw new Error("unexpected client secret");
  await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
  const sub = await stripe.subscriptions.retrieve(started.subscriptionId);
  expect(sub.status).toBe("active");
  return { tenant, subscriptionId: started.subscriptionId };
}

describe("seedPlans", () => {
  it("is idempotent: a second run reuses every product and price", async () => {
    const again = await seedPlans();
    expect(again.every((p) => !p.createdPrice && !p.createdProduct)).toBe(true);
    const keys = catalogPlans().map((p) => p.key);
    const rows = await getDb().plan.findMany({ where: { key: { in: keys } } });
    expect(rows).toHaveLength(keys.length);
    for (const plan of again) {
      const row = rows.find((r) => r.key === plan.key);
      expect(row?.stripePriceId).toBe(plan.stripePriceId);
      const prices = await stripe.prices.list({ lookup_keys: [plan.key], active: true });
      expect(prices.data.filter((p) => p.lookup_key === plan.key).map((p) => p.id)).toEqual([plan.stripePriceId]);
    }
  });
});

describe("startCheckout", () => {
  it("refuses an unknown plan and writes nothing", async () => {
    const tenant = await createTestTenant();
    const customersBefore = (await stripe.customers.list({ limit: 100 })).data.length;
    expect(await codeOf(startCheckout(tenant, "platinum-month"))).toBe("not_found");
    expect(await codeOf(startCheckout(tenant, "../../etc"))).toBe("not_found");
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId).toBeNull();
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);
  });

  it("makes one customer and one subscription for concurrent starts, and reuses it on reload", async () => {
    const tenant = await createTestTenant();
    const results = await Promise.all([1, 2, 3].map(() => startCheckout(tenant, "pro-month")));
    const ids = new Set(results.map((r) => (r.kind === "payment" ? r.subscriptionId : r.kind)));
    expect(ids.size).toBe(1);
    const first = results[0];
    expect(first?.kind).toBe("payment");
    if (first?.kind !== "payment") return;
    expect(first.amountDue).toBe(4900);
    expect(results.every((r) => r.kind === "payment" && r.clientSecret === first.clientSecret)).toBe(true);

    const { stripeCustomerId } = await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(stripeCustomerId).toMatch(/^cus_/);
    const subs = await subscriptionsOf(stripeCustomerId as string);
    expect(subs.map((s) => s.id)).toEqual([first.subscriptionId]);
    const customer = await stripe.customers.retrieve(stripeCustomerId as string);
    expect("metadata" in customer && customer.metadata.tenantId).toBe(tenant.id);
    expect(subs[0]?.metadata).toMatchObject({ tenantId: tenant.id, plan: "pro-month" });

    // A reload long after the idempotency window still finds the incomplete subscription instead of adding one.
    const later = await startCheckout(tenant, "pro-month", { now: new Date(Date.now() + 3 * 60 * 60 * 1000) });
    expect(later.kind === "payment" && later.subscriptionId).toBe(first.subscriptionId);
    expect(await subscriptionsOf(stripeCustomerId as string)).toHaveLength(1);
  });

  it("concurrent ensureStripeCustomer calls create one customer", async () => {
    const tenant = await createTestTenant();
    const ids = await Promise.all([1, 2, 3, 4].map(() => ensureStripeCustomer(tenant)));
    expect(new Set(ids).size).toBe(1);
  });

  it("sends a tenant that already has an active subscription to the dashboard", async () => {
    const { tenant } = await subscribedTenant();
    expect(await startCheckout(tenant, "scale-month")).toEqual({ kind: "already_subscribed", redirectTo: "/billing" });
  });
});

describe("plan change with a signed quote", () => {
  it("charges an upgrade now, and the invoice equals the preview to the cent", async () => {
    const { tenant, subscriptionId } = await subscribedTenant("starter-month");
    const preview = await previewPlanChange(tenant, "pro-month");
    expect(preview.direction).toBe("upgrade");
    expect(preview.prorationBehavior).toBe("always_invoice");
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(preview.amountDue).toBeLessThanOrEqual(4900 - 1900);

    const result = await changePlan(tenant, preview.quote);
    expect(result.toPlanKey).toBe("pro-month");
    expect(result.invoice).not.toBeNull();
    const invoice = await stripe.invoices.retrieve(result.invoice?.id as string);
    expect(invoice.amount_due).toBe(preview.amountDue);
    expect(invoice.total).toBe(preview.amountDue);
    expect(invoice.status).toBe("paid");

    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    const pro = await getDb().plan.findUniqueOrThrow({ where: { key: "pro-month" } });
    expect(sub.items.data[0]?.price.id).toBe(pro.stripePriceId);
    expect(sub.metadata.plan).toBe("pro-month");

    // Confirming the same quote again is the same request to Stripe, not a second change or charge.
    const again = await changePlan(tenant, preview.quote);
    expect(again.invoice?.id).toBe(result.invoice?.id);
  });

  it("leaves the plan as it was when the upgrade's charge is declined", async () => {
    const { tenant, subscriptionId } = await subscribedTenant("starter-month");
    const { clientSecret } = await createSetupIntentForPaymentMethod(tenant, { requestId: crypto.randomUUID() });
    const setupIntentId = /^(seti_[A-Za-z0-9]+?)_secret_/.exec(clientSecret)?.[1] as string;
    await stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_chargeCustomerFail" });
    await setDefaultPaymentMethod(tenant, { setupIntentId });

    const preview = await previewPlanChange(tenant, "pro-month");
    await expect(changePlan(tenant, preview.quote)).rejects.toMatchObject({ code: "stripe_error", message: "Your card was declined." });
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    const starter = await getDb().plan.findUniqueOrThrow({ where: { key: "starter-month" } });
    expect(sub.items.data[0]?.price.id).toBe(starter.stripePriceId);
    expect(sub.status).toBe("active");
  });

  it("credits a downgrade on the next invoice", async () => {
    const { tenant } = await subscribedTenant("scale-month");
    const preview = await previewPlanChange(tenant, "starter-month");
    expect(preview.direction).toBe("downgrade");
    expect(preview.prorationBehavior).toBe("create_prorations");
    expect(preview.chargedNow).toBe(0);
    expect(preview.prorationAmount).toBeLessThan(0);
    const result = await changePlan(tenant, preview.quote);
    expect(result.invoice).toBeNull();
    // The credit waits on the next invoice, which now says what the preview said.
    const customer = (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId as string;
    const upcoming = await stripe.invoices.createPreview({ customer, subscription: result.subscriptionId });
    expect(upcoming.amount_due).toBe(preview.amountDue);
  });

  it("refuses a tampered, expired or foreign quote and leaves the plan alone", async () => {
    const { tenant, subscriptionId } = await subscribedTenant("starter-month");
    const preview = await previewPlanChange(tenant, "scale-month");
    const [body, signature] = preview.quote.split(".") as [string, string];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const cheaper = Buffer.from(JSON.stringify({ ...payload, amountDue: 1 })).toString("base64url");
    expect(await codeOf(changePlan(tenant, `${cheaper}.${signature}`))).toBe("invalid_input");
    expect(await codeOf(changePlan(tenant, preview.quote, { now: new Date(Date.now() + 11 * 60 * 1000) }))).toBe("invalid_input");

    const other = await createTestTenant();
    expect(await codeOf(changePlan(other, preview.quote))).toBe("invalid_input");

    const starter = await getDb().plan.findUniqueOrThrow({ where: { key: "starter-month" } });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).items.data[0]?.price.id).toBe(starter.stripePriceId);
  });

  it("refuses a quote for a subscription that changed since the preview", async () => {
    const { tenant } = await subscribedTenant("starter-month");
    const toPro = await previewPlanChange(tenant, "pro-month");
    const toScale = await previewPlanChange(tenant, "scale-month");
    await changePlan(tenant, toPro.quote);
    expect(await codeOf(changePlan(tenant, toScale.quote))).toBe("conflict");
  });
});

describe("cancel and resume", () => {
  it("cancels at period end, resumes, and cancels now", async () => {
    const { tenant, subscriptionId } = await subscribedTenant();
    await cancelSubscription(tenant, { mode: "period_end", requestId: crypto.randomUUID() });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(true);
    await resumeSubscription(tenant, { requestId: crypto.randomUUID() });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(false);
    expect(await codeOf(resumeSubscription(tenant, { requestId: crypto.randomUUID() }))).toBe("conflict");
    await cancelSubscription(tenant, { mode: "now", requestId: crypto.randomUUID() });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    // A repeat after a lost answer (network cut) reports the cancellation done, not an error; period end is refused.
    expect(await cancelSubscription(tenant, { mode: "now", requestId: crypto.randomUUID() })).toEqual({ subscriptionId, mode: "now" });
    expect(await codeOf(cancelSubscription(tenant, { mode: "period_end", requestId: crypto.randomUUID() }))).toBe("conflict");
  });
});

describe("hosted checkout and portal", () => {
  it("opens one Checkout Session for the tenant, in subscription mode", async () => {
    const tenant = await createTestTenant();
    const first = await startHostedCheckout(tenant, "starter-year");
    const again = await startHostedCheckout(tenant, "starter-year");
    expect(first.kind).toBe("redirect");
    expect(again).toEqual(first);
    if (first.kind !== "redirect") return;
    const sessions = await stripe.checkout.sessions.list({ limit: 100 });
    const session = sessions.data.find((s) => s.client_reference_id === tenant.id);
    expect(session?.mode).toBe("subscription");
    expect(session?.metadata).toMatchObject({ tenantId: tenant.id, plan: "starter-year" });
    expect(session?.url).toBe(first.url);
    expect(await codeOf(startHostedCheckout(tenant, "nope-month"))).toBe("not_found");
  });

  it("keeps the billing portal behind its switch", async () => {
    const tenant = await createTestTenant();
    expect(await codeOf(openBillingPortal(tenant, { requestId: crypto.randomUUID() }))).toBe("not_found");
  });
});

describe("payment method update", () => {
  it("makes a confirmed SetupIntent's card the default of the customer and the subscription", async () => {
    const { tenant, subscriptionId } = await subscribedTenant();
    const { clientSecret } = await createSetupIntentForPaymentMethod(tenant, { requestId: crypto.randomUUID() });
    const setupIntentId = /^(seti_[A-Za-z0-9]+?)_secret_/.exec(clientSecret)?.[1] as string;
    await stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_mastercard" });
    const { paymentMethodId, card, previousCard } = await setDefaultPaymentMethod(tenant, { setupIntentId });
    // Named from Stripe's answers (for the audit row), not from our row, which the webhooks move on their own time.
    expect(card).toEqual({ brand: "mastercard", last4: "4444" });
    expect(previousCard).toEqual({ brand: "visa", last4: "4242" });
    const customerId = (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).stripeCustomerId as string;
    const customer = (await stripe.customers.retrieve(customerId)) as Stripe.Customer;
    expect(customer.invoice_settings.default_payment_method).toBe(paymentMethodId);
    expect((await stripe.subscriptions.retrieve(subscriptionId)).default_payment_method).toBe(paymentMethodId);
  });

  it("refuses another tenant's SetupIntent as not found", async () => {
    const { tenant } = await subscribedTenant();
    const { clientSecret } = await createSetupIntentForPaymentMethod(tenant, { requestId: crypto.randomUUID() });
    const setupIntentId = /^(seti_[A-Za-z0-9]+?)_secret_/.exec(clientSecret)?.[1] as string;
    await stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_visa" });
    const intruder = await createTestTenant();
    expect(await codeOf(setDefaultPaymentMethod(intruder, { setupIntentId }))).toBe("not_found");
  });
});

describe("getBillingOverview", () => {
  it("explains a failed renewal with the next retry, from the webhook-written rows", async () => {
    const tenant = await createTestTenant();
    const plan = await getDb().plan.findUniqueOrThrow({ where: { key: "pro-month" } });
    const now = new Date("2027-05-03T12:00:00Z");
    const subId = `sub_overview_${tenant.id}`;
    await getDb().subscription.create({
      data: {
        tenantId: tenant.id,
        stripeSubscriptionId: subId,
        status: "past_due",
        planId: plan.id,
        stripePriceId: plan.stripePriceId,
        currentPeriodStart: new Date("2027-05-01T00:00:00Z"),
        currentPeriodEnd: new Date("2027-06-01T00:00:00Z"),
      },
    });
    await getDb().invoice.create({
      data: {
        tenantId: tenant.id,
        stripeInvoiceId: `in_overview_${tenant.id}`,
        stripeSubscriptionId: subId,
        status: "open",
        amountDue: 4900,
        amountPaid: 0,
        amountRemaining: 4900,
        total: 4900,
        currency: "usd",
        nextPaymentAttempt: new Date("2027-05-06T09:00:00Z"),
        stripeCreatedAt: new Date("2027-05-01T00:00:00Z"),
      },
    });
    const overview = await getBillingOverview(tenant.id, { now });
    expect(overview.plan?.key).toBe("pro-month");
    expect(overview.status.label).toBe("Past due");
    expect(overview.status.explanation).toMatch(/^Payment failed — next retry May 6, 2027/);
    expect(overview.access).toBe("grace");
    expect(overview.hasHeldSubscription).toBe(true);
    expect(overview.paymentFailed).toBe(true);

    const empty = await getBillingOverview((await createTestTenant()).id, { now });
    expect(empty.status.label).toBe("No plan");
    expect(empty.access).toBe("none");
    expect(empty.paymentFailed).toBe(false);
  });
});
