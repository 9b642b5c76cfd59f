import "server-only";
import type Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { automaticTaxParams } from "./automatic-tax";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * A hosted Checkout Session for one plan. Keyed by tenant, price and time window (`window`): within it, the same
 * tenant asking for the same plan gets the same page back. With `trial`, the subscription starts with a free trial and
 * the page asks for a card only if one is required (`payment_method_collection: if_required`); its key differs, so a
 * trial page is never handed back for a paid checkout or the other way round.
 */
export function createCheckoutSession(input: {
  tenantId: string;
  customerId: string;
  plan: { key: string; stripePriceId: string };
  /** Paid seats (1 for a plan not priced per seat); part of the key, so a grown team gets a new page. */
  quantity: number;
  successUrl: string;
  cancelUrl: string;
  window: number;
  trial?: { days: number; missingPaymentMethod: "cancel" | "pause" };
  /** A promotion code already checked by resolvePromotionCode; part of the key, so another code is another page. */
  promotionCodeId?: string | null;
}): Promise<Stripe.Checkout.Session> {
  const { tenantId, customerId, plan, trial } = input;
  const metadata = { tenantId, plan: plan.key };
  const trialData = trial
    ? {
        trial_period_days: trial.days,
        trial_settings: { end_behavior: { missing_payment_method: trial.missingPaymentMethod } },
      }
    : {};
  return stripeCall(() =>
    getStripe().checkout.sessions.create(
      {
        mode: "subscription",
        customer: customerId,
        client_reference_id: tenantId,
        line_items: [{ price: plan.stripePriceId, quantity: input.quantity }],
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        ...(input.promotionCodeId && { discounts: [{ promotion_code: input.promotionCodeId }] }),
        metadata,
        subscription_data: { metadata, ...trialData },
        ...automaticTaxParams(),
        // With tax on, Stripe's page asks for the billing address and an optional VAT number, and saves both on the
        // customer (customer_update): tax needs the address, and the next invoices are taxed from it too.
        ...(getEnv().STRIPE_TAX_ENABLED && {
          billing_address_collection: "required" as const,
          tax_id_collection: { enabled: true },
          customer_update: { address: "auto" as const, name: "auto" as const },
        }),
        ...(trial && { payment_method_collection: "if_required" as const }),
      },
      { idempotencyKey: `hosted-checkout:${tenantId}:${plan.stripePriceId}:${seatsKey(input.quantity)}${trial ? "trial:" : ""}${input.promotionCodeId ? `${input.promotionCodeId}:` : ""}${input.window}` },
    ),
  );
}

/** Empty for one seat, so the keys of flat plans stay what they were before seats existed. */
export function seatsKey(quantity: number): string {
  return quantity === 1 ? "" : `seats-${quantity}:`;
}
