-- The discount ids a subscription row's recurringDiscounts were read with (all of them, once coupons too). A
-- webhook payload names discounts by id only: when its ids are these, the recorded terms still hold (a coupon's
-- terms never change) and the event needs no read from Stripe. Null: not recorded yet (rows written before this),
-- so the next event reads the terms once and records the ids.
ALTER TABLE "Subscription" ADD COLUMN     "discountIds" TEXT[];
