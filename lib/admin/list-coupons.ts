import "server-only";
import { listAllCoupons, listAllPromotionCodes } from "@/lib/stripe/promotion-codes";
import { stripeCall } from "@/lib/stripe/stripe-errors";

/** Whether a coupon or code can still be redeemed, and if not why, in the admin's words. */
export type RedeemableState = "active" | "inactive" | "expired" | "used up";

export interface CouponCodeView {
  id: string;
  code: string;
  active: boolean;
  /** The code's own state, or its coupon's when the coupon can no longer be redeemed. */
  state: RedeemableState;
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
  state: RedeemableState;
  timesRedeemed: number;
  maxRedemptions: number | null;
  redeemBy: Date | null;
  codes: CouponCodeView[];
}

const dateOf = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

/**
 * Stripe says only `valid: false` (coupon) or `active` (code); the admin needs why: past its date, out of
 * redemptions, or switched off. An expired coupon is not "canceled", and a code of a dead coupon is not active.
 */
export function redeemableState(
  input: { valid: boolean; expiresAt: number | null; timesRedeemed: number; maxRedemptions: number | null },
  nowSeconds: number,
): RedeemableState {
  if (input.expiresAt !== null && input.expiresAt <= nowSeconds) return "expired";
  if (input.maxRedemptions !== null && input.timesRedeemed >= input.maxRedemptions) return "used up";
  return input.valid ? "active" : "inactive";
}

// Stripe is the only record of coupons and their redemptions (the app keeps no copy): read at request time.
// An account has few coupons; a cap keeps a runaway account from stalling the page.
const MAX_ROWS = 500;

/** Every coupon on the Stripe account with its promotion codes and redemption counts, newest first. */
export async function listCoupons(now = new Date()): Promise<CouponView[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
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
          state: redeemableState(
            { valid: promo.active, expiresAt: promo.expires_at, timesRedeemed: promo.times_redeemed, maxRedemptions: promo.max_redemptions },
            nowSeconds,
          ),
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
      const couponState = redeemableState(
        { valid: coupon.valid, expiresAt: coupon.redeem_by, timesRedeemed: coupon.times_redeemed, maxRedemptions: coupon.max_redemptions },
        nowSeconds,
      );
      coupons.push({
        id: coupon.id,
        name: coupon.name,
        percentOff: coupon.percent_off,
        amountOff: coupon.amount_off !== null ? { amount: coupon.amount_off, currency: coupon.currency ?? "usd" } : null,
        duration: coupon.duration,
        durationInMonths: coupon.duration_in_months,
        valid: coupon.valid,
        state: couponState,
        timesRedeemed: coupon.times_redeemed,
        maxRedemptions: coupon.max_redemptions,
        redeemBy: dateOf(coupon.redeem_by),
        // A code cannot be redeemed once its coupon cannot: it takes the coupon's state then.
        codes: (codesByCoupon.get(coupon.id) ?? []).map((code) => (couponState === "active" || code.state !== "active" ? code : { ...code, state: couponState })),
      });
    }
    return coupons;
  });
}
