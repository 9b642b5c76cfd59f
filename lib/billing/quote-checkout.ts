import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/format/money";
import { previewInvoice } from "@/lib/stripe/preview-invoice";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { toTaxIdError } from "@/lib/stripe/customer-tax-ids";
import { taxSummary, type TaxSummary } from "@/lib/stripe/tax-summary";
import { taxIdFor, type BillingAddressInput } from "./billing-details";
import { checkPromotionCode, type AppliedPromotion } from "./promotion-code";
import { seatsToBuy } from "@/lib/team/seats";
import type { PlanView } from "@/lib/plans/get-plan";

/** A first card checkout's money, as the order summary shows it and as Stripe will charge it. */
export interface CheckoutQuote {
  /** Plan amount × seats, before the discount. */
  subtotal: number;
  /** What the promotion code takes off the first invoice (0 without one). */
  discount: number;
  /** Stripe's tax on the first invoice; null when there is none to show (tax off, or no address yet). */
  tax: TaxSummary | null;
  /** Tax is on but there is no billing address to locate the tenant: no estimate, and no checkout until there is. */
  needsAddress: boolean;
  /** Due today: subtotal − discount + tax. The amount the card form confirms and the page sends back. */
  total: number;
  currency: string;
}

/**
 * The one place the checkout's price is worked out: the page's first summary, the preview as the address is typed,
 * and startCheckout's check before it creates anything all call this, so the total shown is the total charged.
 * Tax is Stripe's preview with the same automatic_tax the subscription will ask for, located by the address being
 * typed (`customer_details`, which stores nothing) or else by the one on the Stripe customer. A VAT number typed with
 * the address goes in as `customer_details[tax_ids]` (typed by country, as the Billing details card saves it), so an
 * EU business is quoted the reverse charge its invoice will carry, and a number Stripe refuses is a 400 naming it.
 */
export async function quoteCheckout(input: {
  tenantId: string;
  plan: { stripePriceId: string; amount: number; currency: string };
  seats: number;
  promotion: AppliedPromotion | null;
  address?: BillingAddressInput["address"] | null;
  /** The VAT number typed with the address (normalised by taxIdSchema); ignored without an address. */
  taxId?: string | null;
}): Promise<CheckoutQuote> {
  const { plan, seats, promotion } = input;
  const subtotal = plan.amount * seats;
  const discount = promotion?.discountAmount ?? 0;
  const quote = (tax: TaxSummary | null, needsAddress: boolean): CheckoutQuote => ({
    subtotal,
    discount,
    tax,
    needsAddress,
    total: subtotal - discount + (tax?.amount ?? 0),
    currency: plan.currency,
  });
  if (!getEnv().STRIPE_TAX_ENABLED) return quote(null, false);
  const row = await getDb().tenant.findUnique({ where: { id: input.tenantId }, select: { stripeCustomerId: true } });
  const customer = row?.stripeCustomerId ?? undefined;
  const address = input.address ?? null;
  if (!customer && !address) return quote(null, true);
  const taxId = address && input.taxId ? taxIdFor(address.country, input.taxId) : null;
  const ask = () =>
    previewInvoice({
      ...(customer && { customer }),
      ...(address && {
        customer_details: { address: { ...address, line2: address.line2 ?? "", state: address.state ?? "" }, ...(taxId && { tax_ids: [taxId] }) },
      }),
      subscription_details: { items: [{ price: plan.stripePriceId, quantity: seats }] },
      // Tax is charged on the discounted amount, so the preview carries the same code the subscription will.
      ...(promotion && { discounts: [{ promotion_code: promotion.promotionCodeId }] }),
    });
  const preview = taxId ? await ask().catch((error: unknown) => Promise.reject(toTaxIdError(error, taxId))) : await stripeCall(ask);
  return quote(taxSummary(preview), preview.automatic_tax?.status === "requires_location_inputs");
}

/**
 * Refuses a checkout whose page showed another total than the one Stripe would charge now (the address, seats or
 * code changed since, or the request was altered): a 409 that names the new total, before anything is created.
 */
export function assertQuotedTotal(quote: CheckoutQuote, shown: number): void {
  if (shown === quote.total) return;
  throw new AppError(
    "conflict",
    `The total is now ${formatMoney(quote.total, quote.currency)}, not ${formatMoney(shown, quote.currency)}. Nothing was charged: check the new total and press Subscribe again.`,
  );
}

/**
 * The checkout page's order as the tenant sees it: seats, the typed code (accepted, or why not) and the quote. The
 * page renders it, and the address preview asks it again with the address being typed.
 */
export async function priceCheckout(input: {
  tenantId: string;
  plan: PlanView & { stripePriceId: string };
  code: string;
  address?: BillingAddressInput["address"] | null;
  taxId?: string | null;
}): Promise<{ seats: number; promotion: AppliedPromotion | null; promotionError: string | null; quote: CheckoutQuote }> {
  const { tenantId, plan } = input;
  // The same count startCheckout buys with, so the quote is the first invoice's.
  const seats = await seatsToBuy(tenantId, plan);
  const checked = input.code ? await checkPromotionCode({ tenantId, code: input.code, amount: plan.amount * seats, currency: plan.currency }) : null;
  const promotion = checked && "promotion" in checked ? checked.promotion : null;
  const quote = await quoteCheckout({ tenantId, plan, seats, promotion, address: input.address, taxId: input.taxId });
  return { seats, promotion, promotionError: checked && "error" in checked ? checked.error : null, quote };
}
