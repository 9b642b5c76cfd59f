import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isTaxLocated } from "./tax-location";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { createTrialSubscription } from "@/lib/stripe/create-trial-subscription";
import { closeCheckoutAttempts } from "./close-checkout-attempts";
import { heldSubscription, listSubscriptionsBeforeCheckout } from "./customer-subscriptions";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { withTenantLock } from "./tenant-lock";
import { hasHadTrial, TRIAL_USED_MESSAGE } from "./trial-eligibility";

export type StartTrialResult =
  | { kind: "already_subscribed"; redirectTo: "/billing" }
  | {
      kind: "trial";
      subscriptionId: string;
      trialEnd: number;
      /** The pending SetupIntent's secret: the card form confirms it to save a card; null when Stripe has a card already. */
      setupClientSecret: string | null;
    };

/**
 * Starts the plan's free trial, with or without a card (the page confirms the returned SetupIntent only when the
 * tenant entered one). One trial per tenant, checked here on the server under the checkout lock, so two tabs
 * cannot start two. Access comes from the webhooks, as for a paid checkout.
 */
export async function startTrial(
  tenant: BillingTenant,
  planKey: string,
  opts: { email?: string; attemptId?: string } = {},
): Promise<StartTrialResult> {
  const plan = await getActivePlanOrThrow(planKey);
  if (plan.trialDays <= 0) throw new AppError("invalid_input", `${plan.name} has no free trial.`);
  const customerId = await ensureStripeCustomer(tenant, opts);

  return withTenantLock("checkout", tenant.id, async () => {
    const subs = await listSubscriptionsBeforeCheckout(customerId);
    if (heldSubscription(subs)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;
    if (await hasHadTrial(tenant.id, subs)) throw new AppError("conflict", TRIAL_USED_MESSAGE);
    // A declined paid attempt is given up: the tenant chose the trial instead.
    await stripeCall(() => closeCheckoutAttempts(customerId, subs));
    const sub = await createTrialSubscription({
      tenantId: tenant.id,
      customer: customerId,
      price: plan.stripePriceId,
      trialDays: plan.trialDays,
      missingPaymentMethod: getEnv().TRIAL_MISSING_PAYMENT_METHOD,
      metadata: { tenantId: tenant.id, plan: plan.key },
      attemptId: opts.attemptId,
      taxLocated: await isTaxLocated(customerId),
    });
    const setupIntent = typeof sub.pending_setup_intent === "object" ? sub.pending_setup_intent : null;
    return {
      kind: "trial",
      subscriptionId: sub.id,
      trialEnd: sub.trial_end ?? 0,
      setupClientSecret: setupIntent?.client_secret ?? null,
    } as const;
  });
}
