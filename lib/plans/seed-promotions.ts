import "server-only";
import { createCoupon, createPromotionCode, findActivePromotionCode, retrieveCouponOrNull } from "@/lib/stripe/promotion-codes";

// The launch offer as code, like the plans: `stripe:seed` (and every local start) makes sure Stripe has it.
export const LAUNCH_PROMOTION = { couponId: "launch-20", code: "LAUNCH20", name: "Launch: 20% off the first invoice", percentOff: 20 } as const;

/** Creates the LAUNCH20 code (20% off, once) unless an active one exists; idempotent. */
export async function seedLaunchPromotion(): Promise<{ code: string; promotionCodeId: string; created: boolean }> {
  const existing = await findActivePromotionCode(LAUNCH_PROMOTION.code);
  if (existing) return { code: existing.code, promotionCodeId: existing.id, created: false };
  const coupon =
    (await retrieveCouponOrNull(LAUNCH_PROMOTION.couponId)) ??
    (await createCoupon({ id: LAUNCH_PROMOTION.couponId, name: LAUNCH_PROMOTION.name, percent_off: LAUNCH_PROMOTION.percentOff, duration: "once" }));
  const promo = await createPromotionCode({ code: LAUNCH_PROMOTION.code, promotion: { type: "coupon", coupon: coupon.id } });
  return { code: promo.code, promotionCodeId: promo.id, created: true };
}
