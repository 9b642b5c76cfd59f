import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { previewInvoice } from "@/lib/stripe/preview-invoice";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { taxSummary, type TaxSummary } from "@/lib/stripe/tax-summary";

/**
 * The tax on a first invoice for this plan and seat count, as Stripe will charge it (a preview with the same
 * automatic_tax the checkout's subscription asks for), so the order summary's total is the charge. Null when tax
 * is off, or the tenant has no Stripe customer or billing address yet (Stripe cannot locate it: nothing is added).
 */
export async function previewCheckoutTax(
  tenantId: string,
  plan: { stripePriceId: string },
  seats: number,
  // Tax is charged on the discounted amount, so the preview carries the same code the subscription will.
  promotionCodeId: string | null = null,
): Promise<TaxSummary | null> {
  if (!getEnv().STRIPE_TAX_ENABLED) return null;
  const row = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  if (!row?.stripeCustomerId) return null;
  const customer = row.stripeCustomerId;
  const preview = await stripeCall(() => previewInvoice({
      customer,
      subscription_details: { items: [{ price: plan.stripePriceId, quantity: seats }] },
      ...(promotionCodeId && { discounts: [{ promotion_code: promotionCodeId }] }),
    }));
  return taxSummary(preview);
}
