import "server-only";
import { getEnv } from "@/lib/env";

/**
 * Stripe Tax on what we create, change or preview, when STRIPE_TAX_ENABLED: the one place that decides, so a
 * preview and the charge it promises always ask Stripe the same question. Empty when off (Stripe's default).
 */
export function automaticTaxParams(): { automatic_tax?: { enabled: true } } {
  return getEnv().STRIPE_TAX_ENABLED ? { automatic_tax: { enabled: true } } : {};
}
