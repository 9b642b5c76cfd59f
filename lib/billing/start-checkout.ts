import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { createIncompleteSubscription } from "@/lib/stripe/create-subscription";
import { retrieveSubscriptionForPayment } from "@/lib/stripe/retrieve-subscription";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { taxSummary } from "@/lib/stripe/tax-summary";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow, type PlanView } from "@/lib/plans/get-plan";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { closeCheckoutAttempts } from "./close-checkout-attempts";
import { isLiveStatus } from "./current-subscription";
import { heldSubscription, listSubscriptionsBeforeCheckout } from "./customer-subscriptions";
import { withTenantLock } from "./tenant-lock";
import { seatsToBuy } from "@/lib/team/seats";
import { resolvePromotionCode, type AppliedPromotion } from "./promotion-code";
import { isTaxLocated } from "./tax-location";
import { saveBillingDetails, type BillingAddressInput } from "./billing-details";
import { assertQuotedTotal, quoteCheckout } from "./quote-checkout";

export type StartCheckoutResult =
  | { kind: "already_subscribed"; redirectTo: "/billing" }
  | {
      kind: "payment";
      subscriptionId: string;
      clientSecret: string;
      amountDue: number;
      currency: string;
      plan: Pick<PlanView, "key" | "name" | "amount" | "currency" | "interval">;
      /** Paid seats: the team's size for a per-seat plan, else 1. */
      seats: number;
      /** The promotion code applied, with what it takes off the first invoice. */
      promotion: AppliedPromotion | null;
    };

// Without an attempt id from the page (older clients, scripts), one window stands in for it: within it, the same
// tenant asking for the same plan gets the same subscription back from Stripe's idempotency cache.
const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

/**
 * Stripe's deferred-intent flow: the page renders the PaymentElement from the plan's amount alone, and only when
 * the tenant presses Subscribe (after `elements.submit()`) does this create the customer and the incomplete
 * subscription whose first invoice the PaymentElement then confirms. Opening or leaving the page creates nothing.
 * A declined attempt's subscription on the same plan is reused by the next press; attempts on another plan are
 * closed (cancelled, their invoice voided). A tenant that already holds a subscription is sent to the dashboard.
 * Serialised per tenant by the lock hosted Checkout also takes, so two tabs, two paths or a double click leave one.
 */
export async function startCheckout(
  tenant: BillingTenant,
  planKey: string,
  opts: {
    email?: string;
    now?: Date;
    attemptId?: string;
    promotionCode?: string;
    /** The total the page showed (minor units): a different one now is a 409 and nothing is created. */
    expectedTotal?: number;
    /**
     * The billing address typed at checkout (tax on, none on file), with the VAT number if one was typed: saved on
     * the customer before the subscription, so its first invoice is taxed (or reverse-charged) as quoted.
     */
    billingAddress?: BillingAddressInput & { taxId?: string };
    /** Who pressed Subscribe: the saved address's audit row names them. */
    userId?: string;
  } = {},
): Promise<StartCheckoutResult> {
  const plan = await getActivePlanOrThrow(planKey);
  const now = opts.now ?? new Date();
  const seats = await seatsToBuy(tenant.id, plan);
  // Checked before the customer or anything else is created: a bad code is a 400 that leaves Stripe untouched.
  const promotion = opts.promotionCode
    ? await resolvePromotionCode({ tenantId: tenant.id, code: opts.promotionCode, amount: plan.amount * seats, currency: plan.currency, now })
    : null;
  // So are the address and the total: with tax on, Stripe can only tax a subscription whose customer it can locate.
  const quote = await quoteCheckout({ tenantId: tenant.id, plan, seats, promotion, address: opts.billingAddress?.address, taxId: opts.billingAddress?.taxId });
  if (quote.needsAddress) {
    throw new AppError("invalid_input", ADDRESS_REQUIRED, { fieldErrors: { address: [ADDRESS_REQUIRED] } });
  }
  if (opts.expectedTotal !== undefined) assertQuotedTotal(quote, opts.expectedTotal);
  const customerId = await ensureStripeCustomer(tenant, opts);
  if (opts.billingAddress) {
    if (!opts.userId) throw new Error("startCheckout: a typed billing address needs the user who typed it, for its audit row");
    // Saved first (its own idempotency key and audit), so the subscription below is created taxed.
    await saveBillingDetails(
      tenant,
      // No number typed: the tax IDs on file (if any) stay, as the preview above counted them.
      { ...opts.billingAddress, taxId: opts.billingAddress.taxId || undefined, requestId: addressRequestId(opts.attemptId ?? customerId, opts.billingAddress) },
      { userId: opts.userId, email: opts.email },
    );
  }

  return withTenantLock("checkout", tenant.id, async () => {
    const subs = await listSubscriptionsBeforeCheckout(customerId);
    if (heldSubscription(subs)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;

    // The tenant switched plan (or promotion code) since a declined attempt: that attempt is given up.
    await stripeCall(() =>
      closeCheckoutAttempts(customerId, subs, { keepPriceId: plan.stripePriceId, keepPromotionCode: promotion?.promotionCodeId ?? "" }),
    );

    let sub: Stripe.Subscription | undefined;
    const candidate = subs.find(
      (s) =>
        s.status === "incomplete" &&
        s.items.data[0]?.price.id === plan.stripePriceId &&
        (s.items.data[0]?.quantity ?? 1) === seats &&
        (s.metadata.promotionCode ?? "") === (promotion?.promotionCodeId ?? ""),
    );
    if (candidate) {
      sub = await stripeCall(() => retrieveSubscriptionForPayment(candidate.id));
    }
    // A declined attempt is reused only if its open invoice carries the quoted tax (one raised before the address
    // was saved has none): otherwise a new attempt is created, taxed.
    if (!sub || !clientSecretOf(sub) || taxOf(sub) !== (quote.tax?.amount ?? 0)) {
      const attempt = opts.attemptId ?? `w${Math.floor(now.getTime() / ATTEMPT_WINDOW_MS)}`;
      sub = await createIncompleteSubscription({
        tenantId: tenant.id,
        customerId,
        plan,
        quantity: seats,
        attempt,
        promotionCodeId: promotion?.promotionCodeId,
        taxLocated: await isTaxLocated(customerId),
        quotedTotal: quote.total,
      });
    }
    if (isLiveStatus(sub.status)) return { kind: "already_subscribed", redirectTo: "/billing" } as const;
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
      seats,
      promotion,
    } as const;
  });
}

const ADDRESS_REQUIRED = "Enter your billing address: tax depends on where you are, and nothing is charged without it.";

/** One save per attempt and address: a double click is one update, a corrected address another (and audited). */
function addressRequestId(attempt: string, billing: BillingAddressInput & { taxId?: string }): string {
  return createHash("sha256").update(JSON.stringify([attempt, billing])).digest("hex").slice(0, 32);
}

function taxOf(sub: Stripe.Subscription): number {
  return typeof sub.latest_invoice === "object" && sub.latest_invoice ? (taxSummary(sub.latest_invoice)?.amount ?? 0) : 0;
}

function clientSecretOf(sub: Stripe.Subscription): string | null {
  const invoice = sub.latest_invoice;
  if (!invoice || typeof invoice === "string") return null;
  if (invoice.status !== "open") return null;
  return invoice.confirmation_secret?.client_secret ?? null;
}
