import "server-only";
import { getEnv } from "@/lib/env";

/**
 * Stripe Tax on what we create, change or preview, when STRIPE_TAX_ENABLED: the one place that decides, so a
 * preview and the charge it promises always ask Stripe the same question. Empty when off (Stripe's default).
 */
export function automaticTaxParams(): { automatic_tax?: { enabled: true } } {
  return getEnv().STRIPE_TAX_ENABLED ? { automatic_tax: { enabled: true } } : {};
}

/**
 * For a subscription created or changed: Stripe refuses automatic tax for a customer it cannot locate (400
 * `customer_tax_location_invalid`), so it is asked for only once the customer has an address (`isTaxLocated`);
 * saving the billing details turns it on for the subscription then.
 */
export function subscriptionTaxParams(taxLocated: boolean): { automatic_tax?: { enabled: true } } {
  return taxLocated ? automaticTaxParams() : {};
}

/** Part of a subscription creation's idempotency key: the same attempt asked untaxed, then taxed, is two requests. */
export function subscriptionTaxKey(taxLocated: boolean): string {
  return getEnv().STRIPE_TAX_ENABLED && !taxLocated ? ":untaxed" : "";
}
