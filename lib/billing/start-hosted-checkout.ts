import "server-only";
import { getEnv } from "@/lib/env";
import { createCheckoutSession } from "@/lib/stripe/create-checkout-session";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { heldSubscription } from "./customer-subscriptions";
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
    if (heldSubscription(await listCustomerSubscriptions(customerId))) {
      return { kind: "already_subscribed", redirectTo: "/billing" } as const;
    }
    const session = await createCheckoutSession({
      tenantId: tenant.id,
      customerId,
      plan,
      successUrl: `${base}/checkout/${plan.key}/return?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${base}/pricing?canceled=1`,
      window: Math.floor(now.getTime() / ATTEMPT_WINDOW_MS),
    });
    if (!session.url) throw new AppError("conflict", "The checkout page has expired. Try again.");
    return { kind: "redirect", url: session.url } as const;
  });
}
