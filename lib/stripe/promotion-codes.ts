import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/**
 * The active promotion code a customer typed (Stripe matches `code` case-insensitively), with its coupon: a read,
 * so no idempotency key. Null when no active code has that text.
 */
export async function findActivePromotionCode(code: string): Promise<Stripe.PromotionCode | null> {
  const found = await getStripe().promotionCodes.list({ code, active: true, limit: 1, expand: ["data.promotion.coupon"] });
  return found.data[0] ?? null;
}

/** Every coupon on the account (the admin's coupon list; auto-paginated 100 at a time). */
export function listAllCoupons(): AsyncIterable<Stripe.Coupon> {
  return getStripe().coupons.list({ limit: 100 });
}

/** Every promotion code on the account, active or not. */
export function listAllPromotionCodes(): AsyncIterable<Stripe.PromotionCode> {
  return getStripe().promotionCodes.list({ limit: 100 });
}

/** A coupon by id, or null when Stripe has none by that id. */
export async function retrieveCouponOrNull(id: string): Promise<Stripe.Coupon | null> {
  try {
    return await getStripe().coupons.retrieve(id);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

/** Keyed by the coupon's own id: seeding twice is one coupon. */
export function createCoupon(params: Stripe.CouponCreateParams & { id: string }): Promise<Stripe.Coupon> {
  return getStripe().coupons.create(params, { idempotencyKey: `seed-coupon:${params.id}` });
}

/** Keyed by the code's text: seeding twice is one promotion code. */
export function createPromotionCode(params: Stripe.PromotionCodeCreateParams & { code: string }): Promise<Stripe.PromotionCode> {
  return getStripe().promotionCodes.create(params, { idempotencyKey: `seed-promotion-code:${params.code}` });
}
