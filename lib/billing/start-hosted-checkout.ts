import "server-only";
import { getEnv } from "@/lib/env";
import { createCheckoutSession } from "@/lib/stripe/create-checkout-session";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { seatsToBuy } from "@/lib/team/seats";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { heldSubscription, listSubscriptionsBeforeCheckout } from "./customer-subscriptions";
import { resolvePromotionCode } from "./promotion-code";
import { withTenantLock } from "./tenant-lock";
import { hasHadTrial, TRIAL_USED_MESSAGE } from "./trial-eligibility";

const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

/**
 * The alternative path: Stripe's hosted Checkout page. The subscription and the tenant's access still come
 * only from webhooks (checkout.session.completed, customer.subscription.*). With `trial`, the plan's free trial
 * (once per tenant), where Checkout asks for a card only if the tenant wants to give one (`if_required`).
 */
export async function startHostedCheckout(
  tenant: BillingTenant,
  planKey: string,
  opts: { email?: string; now?: Date; trial?: boolean; promotionCode?: string } = {},
): Promise<{ kind: "already_subscribed"; redirectTo: "/billing" } | { kind: "redirect"; url: string }> {
  const env = getEnv();
  if (!env.CHECKOUT_HOSTED_ENABLED) throw new AppError("not_found", "Hosted checkout is turned off.");
  const plan = await getActivePlanOrThrow(planKey);
  if (opts.trial && plan.trialDays <= 0) throw new AppError("invalid_input", `${plan.name} has no free trial.`);
  const now = opts.now ?? new Date();
  const quantity = await seatsToBuy(tenant.id, plan);
  // As on the card form: a code that cannot be used is refused before the customer is created.
  const promotion = opts.promotionCode && !opts.trial
    ? await resolvePromotionCode({ tenantId: tenant.id, code: opts.promotionCode, amount: plan.amount * quantity, currency: plan.currency, now })
    : null;
  const customerId = await ensureStripeCustomer(tenant, opts);
  const base = env.NEXTAUTH_URL.replace(/\/$/, "");

  return withTenantLock("checkout", tenant.id, async () => {
    const subs = await listSubscriptionsBeforeCheckout(customerId);
    if (heldSubscription(subs)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;
    if (opts.trial && (await hasHadTrial(tenant.id, subs))) throw new AppError("conflict", TRIAL_USED_MESSAGE);
    const session = await createCheckoutSession({
      tenantId: tenant.id,
      customerId,
      plan,
      quantity,
      successUrl: `${base}/checkout/${plan.key}/return?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${base}/pricing?canceled=1`,
      window: Math.floor(now.getTime() / ATTEMPT_WINDOW_MS),
      trial: opts.trial ? { days: plan.trialDays, missingPaymentMethod: env.TRIAL_MISSING_PAYMENT_METHOD } : undefined,
      promotionCodeId: promotion?.promotionCodeId,
    });
    if (!session.url) throw new AppError("conflict", "The checkout page has expired. Try again.");
    return { kind: "redirect", url: session.url } as const;
  });
}
