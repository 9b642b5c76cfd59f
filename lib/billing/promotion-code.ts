import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/format/money";
import { findActivePromotionCode } from "@/lib/stripe/promotion-codes";
import { stripeCall } from "@/lib/stripe/stripe-errors";

/** A promotion code checked against an order: what Stripe will apply, and how much it takes off. */
export interface AppliedPromotion {
  promotionCodeId: string;
  /** As the tenant should see it (Stripe's spelling, e.g. LAUNCH20). */
  code: string;
  /** "20% off", "$5.00 off" — plus how long ("for 3 months", "forever"; nothing for once). */
  description: string;
  /** Taken off the order's amount, in minor units. */
  discountAmount: number;
  /** Whether the discount also applies to later invoices (forever / repeating), not just the first. */
  recurring: boolean;
}

// Codes are letters and digits at Stripe; anything else cannot match, so it is refused without asking Stripe.
const CODE_PATTERN = /^[A-Za-z0-9]{1,64}$/;

/** The amount a coupon takes off `amount` on one invoice line, rounded as Stripe rounds it (to the minor unit). */
export function couponDiscount(coupon: Pick<Stripe.Coupon, "percent_off" | "amount_off">, amount: number): number {
  if (coupon.percent_off !== null) return Math.round((amount * coupon.percent_off) / 100);
  if (coupon.amount_off !== null) return Math.min(amount, coupon.amount_off);
  return 0;
}

function describeCoupon(coupon: Stripe.Coupon): string {
  const off = coupon.percent_off !== null ? `${coupon.percent_off}% off` : `${formatMoney(coupon.amount_off ?? 0, coupon.currency ?? "usd")} off`;
  if (coupon.duration === "forever") return `${off}, every invoice`;
  if (coupon.duration === "repeating") return `${off} for ${coupon.duration_in_months ?? 1} months`;
  return `${off} the first invoice`;
}

/** Whether the tenant has ever paid us (a promotion code's `first_time_transaction` restriction). */
async function hasEverPaid(tenantId: string): Promise<boolean> {
  const paid = await getDb().payment.findFirst({ where: { tenantId, status: "succeeded", amount: { gt: 0 } }, select: { id: true } });
  return paid !== null;
}

const invalid = (message: string) => new AppError("invalid_input", message, { fieldErrors: { promotionCode: [message] } });

/**
 * Checks a typed code against Stripe's promotion codes before anything is created: it exists and is active, has
 * not expired or run out, its coupon is still valid and in the order's currency, and its restrictions hold
 * (first-time only = the tenant never paid; minimum amount = the order's amount, plan price × seats). Stripe checks
 * again when the subscription is created; this gives the tenant a clear reason first.
 */
export async function resolvePromotionCode(input: {
  tenantId: string;
  code: string;
  /** The order before the discount, in minor units (plan amount × seats). */
  amount: number;
  currency: string;
  now?: Date;
}): Promise<AppliedPromotion> {
  // People type codes as they read them ("launch 20"); Stripe's codes have no spaces, so none can matter.
  const typed = input.code.replace(/\s+/g, "");
  if (!CODE_PATTERN.test(typed)) throw invalid(`“${input.code.trim().slice(0, 64)}” is not a valid promotion code. Check the spelling and try again.`);
  const promo = await stripeCall(() => findActivePromotionCode(typed));
  if (!promo) throw invalid(`“${typed}” is not a valid promotion code. Check the spelling and try again.`);
  const coupon = promo.promotion.coupon;
  if (!coupon || typeof coupon === "string") throw new AppError("stripe_error", "Stripe did not describe this promotion code's coupon. Try again.");
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const expiredAt = promo.expires_at ?? coupon.redeem_by;
  if (!coupon.valid || (expiredAt !== null && expiredAt <= nowSeconds)) throw invalid(`The promotion code ${promo.code} has expired.`);
  const used = (max: number | null, times: number) => max !== null && times >= max;
  if (used(promo.max_redemptions, promo.times_redeemed) || used(coupon.max_redemptions, coupon.times_redeemed)) {
    throw invalid(`The promotion code ${promo.code} has been used the maximum number of times.`);
  }
  if (coupon.amount_off !== null && coupon.currency !== input.currency) {
    throw invalid(`The promotion code ${promo.code} cannot be used with a plan billed in ${input.currency.toUpperCase()}.`);
  }
  const { restrictions } = promo;
  if (restrictions.minimum_amount !== null) {
    const min = restrictions.minimum_amount;
    const minCurrency = restrictions.minimum_amount_currency ?? input.currency;
    if (minCurrency !== input.currency || input.amount < min) {
      throw invalid(`The promotion code ${promo.code} needs an order of at least ${formatMoney(min, minCurrency)}.`);
    }
  }
  if (restrictions.first_time_transaction && (await hasEverPaid(input.tenantId))) {
    throw invalid(`The promotion code ${promo.code} is for first-time customers only.`);
  }
  return {
    promotionCodeId: promo.id,
    code: promo.code,
    description: describeCoupon(coupon),
    discountAmount: couponDiscount(coupon, input.amount),
    recurring: coupon.duration !== "once",
  };
}

/** For a page: the code applied, or the reason it cannot be (a tenant's typo is an answer, not an error page). */
export async function checkPromotionCode(input: Parameters<typeof resolvePromotionCode>[0]): Promise<{ promotion: AppliedPromotion } | { error: string }> {
  try {
    return { promotion: await resolvePromotionCode(input) };
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") return { error: error.message };
    throw error;
  }
}
