import "server-only";
import type Stripe from "stripe";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow, type PlanView } from "@/lib/plans/get-plan";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { heldSubscription, listCustomerSubscriptions } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";
import { withTenantLock } from "./tenant-lock";

export type StartCheckoutResult =
  | { kind: "already_subscribed"; redirectTo: "/billing" }
  | {
      kind: "payment";
      subscriptionId: string;
      clientSecret: string;
      amountDue: number;
      currency: string;
      plan: Pick<PlanView, "key" | "name" | "amount" | "currency" | "interval">;
    };

// One attempt window: within it, the same tenant asking for the same plan gets the same subscription back
// from Stripe's idempotency cache even if our lock were bypassed.
const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

/**
 * Creates (or reuses) the incomplete subscription whose first invoice the PaymentElement pays. A tenant
 * that already holds a subscription is sent to the dashboard. Serialised per tenant by an advisory lock, so
 * a reload, two tabs or a double click leave one subscription.
 */
export async function startCheckout(
  tenant: BillingTenant,
  planKey: string,
  opts: { email?: string; now?: Date } = {},
): Promise<StartCheckoutResult> {
  const plan = await getActivePlanOrThrow(planKey);
  const customerId = await ensureStripeCustomer(tenant, opts);
  const stripe = getStripe();
  const now = opts.now ?? new Date();

  return withTenantLock("checkout", tenant.id, async () => {
    const subs = await listCustomerSubscriptions(customerId);
    if (heldSubscription(subs)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;

    let sub: Stripe.Subscription | undefined;
    const reusable = subs.find((s) => s.status === "incomplete" && s.items.data[0]?.price.id === plan.stripePriceId);
    if (reusable) {
      sub = await stripeCall(() =>
        stripe.subscriptions.retrieve(reusable.id, { expand: ["latest_invoice.confirmation_secret"] }),
      );
    }
    if (!sub || !clientSecretOf(sub)) {
      const window = Math.floor(now.getTime() / ATTEMPT_WINDOW_MS);
      sub = await stripeCall(() =>
        stripe.subscriptions.create(
          {
            customer: customerId,
            items: [{ price: plan.stripePriceId, quantity: 1 }],
            payment_behavior: "default_incomplete",
            payment_settings: { save_default_payment_method: "on_subscription" },
            expand: ["latest_invoice.confirmation_secret"],
            metadata: { tenantId: tenant.id, plan: plan.key },
          },
          { idempotencyKey: `checkout:${tenant.id}:${plan.stripePriceId}:${window}` },
        ),
      );
    }
    if (HELD.has(sub.status)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;
    const clientSecret = clientSecretOf(sub);
    const invoice = typeof sub.latest_invoice === "object" ? sub.latest_invoice : null;
    if (!clientSecret || !invoice) {
      throw new AppError("conflict", "Stripe did not return a payment to confirm. Reload the page to try again.");
    }
    return {
      kind: "payment",
      subscriptionId: sub.id,
      clientSecret,
      amountDue: invoice.amount_due,
      currency: invoice.currency,
      plan: { key: plan.key, name: plan.name, amount: plan.amount, currency: plan.currency, interval: plan.interval },
    } as const;
  });
}

const HELD = new Set<Stripe.Subscription.Status>(["active", "trialing", "past_due", "unpaid", "paused"]);

function clientSecretOf(sub: Stripe.Subscription): string | null {
  const invoice = sub.latest_invoice;
  if (!invoice || typeof invoice === "string") return null;
  if (invoice.status !== "open") return null;
  return invoice.confirmation_secret?.client_secret ?? null;
}
