// Coupons redeemed into discounts: which coupon a `discounts[]` entry names, whether it may be redeemed (the
// coupon's and the promotion code's limits and restrictions), and the one function that spreads a discount over
// an invoice's lines, so a preview and the invoice billed discount the same amount.

import type { Ctx } from "./context";
import { invalidRequest } from "./errors";
import type { Params } from "./params";
import { newId } from "./store";
import type { Coupon, Customer, Discount, DiscountAmount, InvoiceLine, PromotionCode, Subscription } from "./types";

/** A `discounts[]` entry resolved: the coupon to apply and the promotion code it came through, if any. */
export interface DiscountSource {
  coupon: Coupon;
  promotionCode: PromotionCode | null;
}

/**
 * `discounts[i][coupon|promotion_code|discount]`. `undefined` when the parameter is absent (keep what is there);
 * an empty list when it is `""` (remove the discounts).
 */
export function readDiscountSources(c: Ctx, p: Params, name = "discounts"): DiscountSource[] | undefined {
  if (!p.has(name)) return undefined;
  if (p.raw[name] === "") return [];
  const entries = p.list(name);
  if (entries.length > 20) throw invalidRequest("You can apply at most 20 discounts.", { param: name });
  return entries.map((entry, i) => {
    const couponId = entry.str("coupon");
    const codeId = entry.str("promotion_code");
    if (!couponId === !codeId) {
      throw invalidRequest(`You must pass exactly one of coupon or promotion_code in ${name}[${i}].`, { param: `${name}[${i}]` });
    }
    if (codeId) {
      const promotionCode = c.emu.store.get("promotion_code", codeId);
      if (!promotionCode) throw invalidRequest(`No such promotion code: '${codeId}'`, { code: "resource_missing", param: `${name}[${i}][promotion_code]`, status: 404 });
      const coupon = c.emu.store.get("coupon", promotionCode.promotion.coupon);
      if (!coupon) throw invalidRequest(`No such coupon: '${promotionCode.promotion.coupon}'`, { code: "resource_missing", param: `${name}[${i}][promotion_code]`, status: 404 });
      return { coupon, promotionCode };
    }
    const coupon = c.emu.store.get("coupon", couponId ?? "");
    if (!coupon) throw invalidRequest(`No such coupon: '${couponId}'`, { code: "resource_missing", param: `${name}[${i}][coupon]`, status: 404 });
    return { coupon, promotionCode: null };
  });
}

/** A customer who has paid something before (a promotion code's `first_time_transaction` restriction). */
function hasPriorTransactions(c: Ctx, customer: Customer | null): boolean {
  if (!customer) return false;
  return c.emu.store.all("charge", (ch) => ch.customer === customer.id && ch.status === "succeeded").length > 0;
}

/** Wording of Stripe's refusals is the emulator's own (the API does not document it); codes as Stripe's. */
export function assertRedeemable(
  c: Ctx,
  source: DiscountSource,
  opts: { customer: Customer | null; amount: number; currency: string; now: number; param?: string },
): void {
  const { coupon, promotionCode } = source;
  const param = opts.param ?? "discounts";
  const refuse = (message: string, code = "coupon_expired") => {
    throw invalidRequest(message, { code, param });
  };
  if (!coupon.valid || (coupon.redeem_by !== null && coupon.redeem_by <= opts.now)) refuse(`Coupon expired: ${coupon.id}`);
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) refuse(`Coupon expired: ${coupon.id}`);
  if (coupon.amount_off !== null && coupon.currency !== opts.currency) {
    refuse(`The coupon ${coupon.id} is in ${coupon.currency ?? "?"} and cannot be applied to an invoice in ${opts.currency}.`, "parameter_invalid_string");
  }
  if (!promotionCode) return;
  const code = promotionCode.code;
  if (!promotionCode.active) refuse(`This promotion code is inactive: ${code}`, "promotion_code_inactive");
  if (promotionCode.expires_at !== null && promotionCode.expires_at <= opts.now) refuse(`This promotion code has expired: ${code}`, "promotion_code_expired");
  if (promotionCode.max_redemptions !== null && promotionCode.times_redeemed >= promotionCode.max_redemptions) {
    refuse(`This promotion code has been redeemed the maximum number of times: ${code}`, "promotion_code_expired");
  }
  if (promotionCode.customer && promotionCode.customer !== opts.customer?.id) {
    refuse(`This promotion code cannot be redeemed by this customer: ${code}`, "promotion_code_customer_not_eligible");
  }
  const r = promotionCode.restrictions;
  if (r.first_time_transaction && hasPriorTransactions(c, opts.customer)) {
    refuse(`This promotion code cannot be redeemed because the associated customer has prior transactions: ${code}`, "promotion_code_customer_not_eligible");
  }
  if (r.minimum_amount !== null && (r.minimum_amount_currency !== opts.currency || opts.amount < r.minimum_amount)) {
    refuse(`This promotion code requires a minimum amount of ${r.minimum_amount} ${r.minimum_amount_currency ?? ""}: ${code}`, "promotion_code_minimum_amount_not_met");
  }
}

function endOf(coupon: Coupon, start: number): number | null {
  if (coupon.duration !== "repeating" || !coupon.duration_in_months) return null;
  const d = new Date(start * 1000);
  d.setUTCMonth(d.getUTCMonth() + coupon.duration_in_months);
  return Math.floor(d.getTime() / 1000);
}

/** The discount object for a redemption; `persist` stores it and counts the redemption on coupon and code. */
export function redeemDiscount(
  c: Ctx,
  source: DiscountSource,
  opts: { customer: string | null; subscription: string | null; checkoutSession?: string | null; start: number; persist: boolean },
): Discount {
  const discount: Discount = {
    id: newId("di"),
    object: "discount",
    checkout_session: opts.checkoutSession ?? null,
    customer: opts.customer,
    customer_account: null,
    end: endOf(source.coupon, opts.start),
    invoice: null,
    invoice_item: null,
    promotion_code: source.promotionCode?.id ?? null,
    source: { coupon: source.coupon.id, type: "coupon" },
    start: opts.start,
    subscription: opts.subscription,
    subscription_item: null,
  };
  if (!opts.persist) return discount;
  source.coupon.times_redeemed++;
  if (source.coupon.max_redemptions !== null && source.coupon.times_redeemed >= source.coupon.max_redemptions) source.coupon.valid = false;
  if (source.promotionCode) source.promotionCode.times_redeemed++;
  return c.emu.store.insert(discount);
}

/** The subscription's discounts an invoice dated `at` applies (a used `once` or an ended `repeating` one does not). */
export function activeDiscounts(c: Ctx, sub: Subscription | null, at: number): Discount[] {
  if (!sub) return [];
  return sub.discounts.flatMap((id) => {
    const d = c.emu.store.get("discount", id);
    return d && !d._used && (d.end === null || d.end > at) ? [d] : [];
  });
}

/**
 * Spreads the discounts over the lines: a percentage off each line (a proration credit is discounted too, so a
 * plan change credits what was paid), an amount off the positive lines in order, never below zero. Fills each
 * line's `discount_amounts` and returns the invoice's `total_discount_amounts`.
 */
export function applyDiscounts(c: Ctx, lines: InvoiceLine[], discounts: Discount[]): DiscountAmount[] {
  const totals: DiscountAmount[] = [];
  for (const line of lines) line.discount_amounts = [];
  for (const discount of discounts) {
    const coupon = c.emu.store.get("coupon", discount.source.coupon);
    if (!coupon) continue;
    let sum = 0;
    if (coupon.percent_off !== null) {
      for (const line of lines) {
        const already = line.discount_amounts.reduce((s, d) => s + d.amount, 0);
        const amount = Math.round(((line.amount - already) * coupon.percent_off) / 100);
        line.discount_amounts.push({ amount, discount: discount.id });
        sum += amount;
      }
    } else if (coupon.amount_off !== null) {
      let left = coupon.amount_off;
      for (const line of lines) {
        const already = line.discount_amounts.reduce((s, d) => s + d.amount, 0);
        const amount = Math.max(0, Math.min(left, line.amount - already));
        left -= amount;
        line.discount_amounts.push({ amount, discount: discount.id });
        sum += amount;
      }
    }
    totals.push({ amount: sum, discount: discount.id });
  }
  return totals;
}

/**
 * A `once` discount is spent by the first invoice finalized with it: Stripe then removes it from the
 * subscription, so later invoices (renewals, prorations) are not discounted.
 */
export function spendOnceDiscounts(c: Ctx, sub: Subscription | undefined, discountIds: string[]): void {
  for (const id of discountIds) {
    const d = c.emu.store.get("discount", id);
    const coupon = d ? c.emu.store.get("coupon", d.source.coupon) : undefined;
    if (!d || coupon?.duration !== "once") continue;
    d._used = true;
    if (sub) sub.discounts = sub.discounts.filter((x) => x !== id);
  }
  c.emu.store.touch();
}

/** Whether anything is left to pay on `amount` after the coupons (decides if a first invoice needs a card). */
export function amountAfterCoupons(sources: DiscountSource[], amount: number): number {
  let left = amount;
  for (const { coupon } of sources) {
    if (coupon.percent_off !== null) left -= Math.round((left * coupon.percent_off) / 100);
    else if (coupon.amount_off !== null) left -= Math.min(left, coupon.amount_off);
  }
  return Math.max(0, left);
}
