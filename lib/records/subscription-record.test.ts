// Which subscription payloads the webhook fast path may write in one statement: the MRR rule needs the coupon
// terms of the recurring discounts, which a webhook payload (never expanded) names by id only.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { recurringDiscountsOf } from "@/lib/stripe/mappers";
import { subscriptionObject } from "@/testing/webhooks/fixtures";
import { subscriptionRecord } from "./subscription-record";

function discount(id: string, coupon: Partial<Stripe.Coupon> & { duration: Stripe.Coupon.Duration }, end: number | null = null): Stripe.Discount {
  return {
    id,
    object: "discount",
    end,
    source: { type: "coupon", coupon: { id: `co_${id}`, object: "coupon", percent_off: null, amount_off: null, currency: null, ...coupon } },
  } as unknown as Stripe.Discount;
}

const withDiscounts = (discounts: Stripe.Subscription["discounts"]) =>
  ({ ...subscriptionObject({ customer: "cus_1", status: "active" }), discounts }) as Stripe.Subscription;

describe("recurringDiscountsOf", () => {
  it("keeps forever and repeating coupons in Stripe's order, drops once ones", () => {
    expect(
      recurringDiscountsOf([
        discount("a", { duration: "once", percent_off: 50 }),
        discount("b", { duration: "repeating", percent_off: 50, duration_in_months: 3 }, 1_790_000_000),
        discount("c", { duration: "forever", amount_off: 1000, currency: "usd" }),
      ]),
    ).toEqual([
      { id: "b", coupon: "co_b", percentOff: 50, amountOff: null, currency: null, end: 1_790_000_000 },
      { id: "c", coupon: "co_c", percentOff: null, amountOff: 1000, currency: "usd", end: null },
    ]);
  });

  it("is unknown (null) when a discount or its coupon is only an id", () => {
    expect(recurringDiscountsOf(["di_1"])).toBeNull();
    expect(recurringDiscountsOf([{ ...discount("d", { duration: "forever" }), source: { type: "coupon", coupon: "co_d" } } as Stripe.Discount])).toBeNull();
  });
});

describe("subscriptionRecord.rowOf (the fast path's one statement)", () => {
  it("writes a payload without discounts, or with its coupons expanded, in one statement", () => {
    expect(subscriptionRecord.rowOf?.(withDiscounts([]))).not.toBeNull();
    expect(subscriptionRecord.rowOf?.(withDiscounts([discount("e", { duration: "forever", percent_off: 20 })]))).not.toBeNull();
  });

  it("writes a payload naming its discounts by id only where the row holds terms read for those ids", () => {
    const row = subscriptionRecord.rowOf?.(withDiscounts(["di_123", "di_456"]));
    expect(row?.requires?.sql).toContain(`"discountIds"`);
    expect(row?.requires?.values).toEqual([["di_123", "di_456"]]);
    expect(row?.values.discountIds?.values).toEqual([["di_123", "di_456"]]);
    // Terms read from Stripe need nothing of the row.
    expect(subscriptionRecord.rowOf?.(withDiscounts([discount("e", { duration: "forever", percent_off: 20 })]))?.requires).toBeUndefined();
  });
});
