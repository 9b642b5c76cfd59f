import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { previewInvoice } from "@/lib/stripe/preview-invoice";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { taxSummary, type TaxSummary } from "@/lib/stripe/tax-summary";

/** What the order summary can say about tax: Stripe's estimate, or that it needs the billing address first. */
export interface CheckoutTax {
  /** The first invoice's tax as Stripe will charge it; null when there is none to show (off, or not located). */
  tax: TaxSummary | null;
  /** Tax is on but Stripe cannot locate the tenant (no customer or billing address yet): no estimate is possible. */
  needsAddress: boolean;
}

/**
 * The tax on a first invoice for this plan and seat count, as Stripe will charge it (a preview with the same
 * automatic_tax the checkout's subscription asks for), so the order summary's total is the charge. Without a Stripe
 * customer or a billing address Stripe cannot locate the tenant: `needsAddress`, so the summary says so instead of
 * showing a total that silently leaves tax out.
 */
export async function previewCheckoutTax(
  tenantId: string,
  plan: { stripePriceId: string },
  seats: number,
  // Tax is charged on the discounted amount, so the preview carries the same code the subscription will.
  promotionCodeId: string | null = null,
): Promise<CheckoutTax> {
  if (!getEnv().STRIPE_TAX_ENABLED) return { tax: null, needsAddress: false };
  const row = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  if (!row?.stripeCustomerId) return { tax: null, needsAddress: true };
  const customer = row.stripeCustomerId;
  const preview = await stripeCall(() => previewInvoice({
      customer,
      subscription_details: { items: [{ price: plan.stripePriceId, quantity: seats }] },
      ...(promotionCodeId && { discounts: [{ promotion_code: promotionCodeId }] }),
    }));
  return { tax: taxSummary(preview), needsAddress: preview.automatic_tax?.status === "requires_location_inputs" };
}
