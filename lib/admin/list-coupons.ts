import "server-only";
import { listAllCoupons, listAllPromotionCodes } from "@/lib/stripe/promotion-codes";
import { stripeCall } from "@/lib/stripe/stripe-errors";

export interface CouponCodeView {
  id: string;
  code: string;
  active: boolean;
  timesRedeemed: number;
  maxRedemptions: number | null;
  expiresAt: Date | null;
  firstTimeOnly: boolean;
  minimumAmount: { amount: number; currency: string } | null;
}

export interface CouponView {
  id: string;
  name: string | null;
  percentOff: number | null;
  amountOff: { amount: number; currency: string } | null;
  duration: string;
  durationInMonths: number | null;
  valid: boolean;
  timesRedeemed: number;
  maxRedemptions: number | null;
  redeemBy: Date | null;
  codes: CouponCodeView[];
}

const dateOf = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

// Stripe is the only record of coupons and their redemptions (the app keeps no copy): read at request time.
// An account has few coupons; a cap keeps a runaway account from stalling the page.
const MAX_ROWS = 500;

/** Every coupon on the Stripe account with its promotion codes and redemption counts, newest first. */
export async function listCoupons(): Promise<CouponView[]> {
  return stripeCall(async () => {
    const codesByCoupon = new Map<string, CouponCodeView[]>();
    let seen = 0;
    for await (const promo of listAllPromotionCodes()) {
      if (++seen > MAX_ROWS) break;
      const couponId = typeof promo.promotion.coupon === "string" ? promo.promotion.coupon : (promo.promotion.coupon?.id ?? "");
      const r = promo.restrictions;
      codesByCoupon.set(couponId, [
        ...(codesByCoupon.get(couponId) ?? []),
        {
          id: promo.id,
          code: promo.code,
          active: promo.active,
          timesRedeemed: promo.times_redeemed,
          maxRedemptions: promo.max_redemptions,
          expiresAt: dateOf(promo.expires_at),
          firstTimeOnly: r.first_time_transaction,
          minimumAmount: r.minimum_amount !== null ? { amount: r.minimum_amount, currency: r.minimum_amount_currency ?? "usd" } : null,
        },
      ]);
    }
    const coupons: CouponView[] = [];
    for await (const coupon of listAllCoupons()) {
      if (coupons.length >= MAX_ROWS) break;
      coupons.push({
        id: coupon.id,
        name: coupon.name,
        percentOff: coupon.percent_off,
        amountOff: coupon.amount_off !== null ? { amount: coupon.amount_off, currency: coupon.currency ?? "usd" } : null,
        duration: coupon.duration,
        durationInMonths: coupon.duration_in_months,
        valid: coupon.valid,
        timesRedeemed: coupon.times_redeemed,
        maxRedemptions: coupon.max_redemptions,
        redeemBy: dateOf(coupon.redeem_by),
        codes: codesByCoupon.get(coupon.id) ?? [],
      });
    }
    return coupons;
  });
}
