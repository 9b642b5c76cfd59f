import "server-only";
import { getEnv } from "@/lib/env";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { heldSubscription, listCustomerSubscriptions } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";
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
  opts: { email?: string; now?: Date; trial?: boolean } = {},
): Promise<{ kind: "already_subscribed"; redirectTo: "/billing" } | { kind: "redirect"; url: string }> {
  const env = getEnv();
  if (!env.CHECKOUT_HOSTED_ENABLED) throw new AppError("not_found", "Hosted checkout is turned off.");
  const plan = await getActivePlanOrThrow(planKey);
  if (opts.trial && plan.trialDays <= 0) throw new AppError("invalid_input", `${plan.name} has no free trial.`);
  const customerId = await ensureStripeCustomer(tenant, opts);
  const now = opts.now ?? new Date();
  const base = env.NEXTAUTH_URL.replace(/\/$/, "");

  return withTenantLock("checkout", tenant.id, async () => {
    const subs = await listCustomerSubscriptions(customerId);
    if (heldSubscription(subs)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;
    if (opts.trial && (await hasHadTrial(tenant.id, subs))) throw new AppError("conflict", TRIAL_USED_MESSAGE);
    const trial = opts.trial
      ? {
          payment_method_collection: "if_required" as const,
          trial: {
            trial_period_days: plan.trialDays,
            trial_settings: { end_behavior: { missing_payment_method: env.TRIAL_MISSING_PAYMENT_METHOD } },
          },
        }
      : null;
    const window = Math.floor(now.getTime() / ATTEMPT_WINDOW_MS);
    const session = await stripeCall(() =>
      getStripe().checkout.sessions.create(
        {
          mode: "subscription",
          customer: customerId,
          client_reference_id: tenant.id,
          line_items: [{ price: plan.stripePriceId, quantity: 1 }],
          success_url: `${base}/checkout/${plan.key}/return?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${base}/pricing?canceled=1`,
          metadata: { tenantId: tenant.id, plan: plan.key },
          subscription_data: { metadata: { tenantId: tenant.id, plan: plan.key }, ...trial?.trial },
          ...(trial && { payment_method_collection: trial.payment_method_collection }),
        },
        { idempotencyKey: `hosted-checkout:${tenant.id}:${plan.stripePriceId}:${trial ? "trial:" : ""}${window}` },
      ),
    );
    if (!session.url) throw new AppError("conflict", "The checkout page has expired. Try again.");
    return { kind: "redirect", url: session.url } as const;
  });
}
