import "server-only";
import { getEnv } from "@/lib/env";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { heldSubscription, listSubscriptionsBeforeCheckout } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";
import { withTenantLock } from "./tenant-lock";

const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

/**
 * The alternative path: Stripe's hosted Checkout page. The subscription and the tenant's access still come
 * only from webhooks (checkout.session.completed, customer.subscription.*).
 */
export async function startHostedCheckout(
  tenant: BillingTenant,
  planKey: string,
  opts: { email?: string; now?: Date } = {},
): Promise<{ kind: "already_subscribed"; redirectTo: "/billing" } | { kind: "redirect"; url: string }> {
  const env = getEnv();
  if (!env.CHECKOUT_HOSTED_ENABLED) throw new AppError("not_found", "Hosted checkout is turned off.");
  const plan = await getActivePlanOrThrow(planKey);
  const customerId = await ensureStripeCustomer(tenant, opts);
  const now = opts.now ?? new Date();
  const base = env.NEXTAUTH_URL.replace(/\/$/, "");

  return withTenantLock("checkout", tenant.id, async () => {
    if (heldSubscription(await listSubscriptionsBeforeCheckout(customerId))) {
      return { kind: "already_subscribed", redirectTo: "/billing" } as const;
    }
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
          subscription_data: { metadata: { tenantId: tenant.id, plan: plan.key } },
        },
        { idempotencyKey: `hosted-checkout:${tenant.id}:${plan.stripePriceId}:${window}` },
      ),
    );
    if (!session.url) throw new AppError("conflict", "The checkout page has expired. Try again.");
    return { kind: "redirect", url: session.url } as const;
  });
}
