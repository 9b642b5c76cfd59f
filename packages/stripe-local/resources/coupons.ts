// Coupons and promotion codes: create, retrieve, update, list (promotion codes by code, coupon, active, customer).

import type { Ctx } from "../context";
import { invalidRequest, parameterInvalid, parameterMissing } from "../errors";
import { applyMetadata } from "../params";
import { LIST_PARAMS } from "../pagination";
import { deleted, out, outList, type Route } from "../router";
import { newId, randomToken } from "../store";
import type { Coupon, CouponDuration, PromotionCode } from "../types";
import { load } from "./lookup";

const DURATIONS = new Set<CouponDuration>(["forever", "once", "repeating"]);
const ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;
const CODE_PATTERN = /^[A-Za-z0-9]{1,500}$/;

function activeCodeExists(c: Ctx, code: string): boolean {
  const lower = code.toLowerCase();
  return c.emu.store.all("promotion_code", (pc) => pc.active && pc.code.toLowerCase() === lower).length > 0;
}

export const couponRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/coupons",
    params: {
      id: true, name: true, percent_off: true, amount_off: true, currency: true, duration: true, duration_in_months: true,
      max_redemptions: true, redeem_by: true, metadata: "hash", applies_to: "any", currency_options: "any",
    },
    handler: (c) => {
      const id = c.p.str("id") || randomToken(8);
      if (!ID_PATTERN.test(id)) throw parameterInvalid("id", "Invalid id: use letters, digits, dashes and underscores.");
      if (c.emu.store.getAny(id)) throw invalidRequest("Coupon already exists.", { code: "resource_already_exists", param: "id" });
      const percentRaw = c.p.str("percent_off");
      const percent = percentRaw === undefined || percentRaw === "" ? null : Number(percentRaw);
      const amountOff = c.p.int("amount_off") ?? null;
      if ((percent === null) === (amountOff === null)) throw invalidRequest("You must pass exactly one of percent_off or amount_off.", { param: "percent_off" });
      if (percent !== null && !(percent > 0 && percent <= 100)) throw parameterInvalid("percent_off", "Invalid percent_off: must be greater than 0 and at most 100.", "parameter_invalid_integer");
      if (amountOff !== null && amountOff <= 0) throw parameterInvalid("amount_off", "Invalid amount_off: must be a positive integer.", "parameter_invalid_integer");
      const currency = c.p.str("currency")?.toLowerCase() || null;
      if (amountOff !== null && !currency) throw parameterMissing("currency");
      const duration = (c.p.str("duration") || "once") as CouponDuration;
      if (!DURATIONS.has(duration)) throw parameterInvalid("duration", "Invalid duration: must be one of forever, once, or repeating");
      const months = c.p.int("duration_in_months") ?? null;
      if (duration === "repeating" && (months === null || months < 1)) throw parameterMissing("duration_in_months");
      if (duration !== "repeating" && months !== null) throw invalidRequest("duration_in_months can only be set when duration is repeating.", { param: "duration_in_months" });
      const max = c.p.int("max_redemptions") ?? null;
      if (max !== null && max < 1) throw parameterInvalid("max_redemptions", "Invalid max_redemptions: must be a positive integer.", "parameter_invalid_integer");
      const now = c.emu.store.now();
      const redeemBy = c.p.int("redeem_by") ?? null;
      if (redeemBy !== null && redeemBy <= now) throw parameterInvalid("redeem_by", "Invalid redeem_by: must be in the future.", "parameter_invalid_integer");
      const coupon: Coupon = {
        id,
        object: "coupon",
        amount_off: amountOff,
        created: now,
        currency: amountOff !== null ? currency : null,
        duration,
        duration_in_months: months,
        livemode: false,
        max_redemptions: max,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        name: c.p.str("name") || null,
        percent_off: percent,
        redeem_by: redeemBy,
        times_redeemed: 0,
        valid: true,
      };
      return out(c, c.emu.store.insert(coupon));
    },
  },
  { method: "GET", path: "/v1/coupons/:id", params: {}, handler: (c) => out(c, withValidity(c, load(c, "coupon", c.path.id ?? ""))) },
  {
    method: "POST",
    path: "/v1/coupons/:id",
    params: { name: true, metadata: "hash", currency_options: "any" },
    handler: (c) => {
      const coupon = load(c, "coupon", c.path.id ?? "");
      coupon.metadata = applyMetadata(coupon.metadata, c.p.metadataPatch());
      if (c.p.has("name")) coupon.name = c.p.str("name") || null;
      c.emu.store.touch();
      return out(c, withValidity(c, coupon));
    },
  },
  {
    method: "DELETE",
    path: "/v1/coupons/:id",
    params: {},
    handler: (c) => {
      const coupon = load(c, "coupon", c.path.id ?? "");
      // Discounts already redeemed keep applying, as at Stripe; the coupon can no longer be redeemed.
      c.emu.store.delete(coupon.id);
      return deleted(coupon.id, "coupon");
    },
  },
  {
    method: "GET",
    path: "/v1/coupons",
    params: { ...LIST_PARAMS, created: "any" },
    handler: (c) => outList(c, c.emu.store.all("coupon").map((coupon) => withValidity(c, coupon)), "/v1/coupons"),
  },
  {
    method: "POST",
    path: "/v1/promotion_codes",
    params: {
      promotion: { coupon: true, type: true }, code: true, active: true, customer: true, customer_account: true, expires_at: true,
      max_redemptions: true, metadata: "hash",
      restrictions: { first_time_transaction: true, minimum_amount: true, minimum_amount_currency: true, currency_options: "any" },
    },
    handler: (c) => {
      const promotion = c.p.obj("promotion");
      if (!promotion) throw parameterMissing("promotion");
      if (promotion.str("type") !== "coupon") throw parameterInvalid("promotion[type]", "Invalid promotion[type]: must be coupon");
      const coupon = load(c, "coupon", promotion.reqStr("coupon"), "promotion[coupon]");
      const code = c.p.str("code") || randomToken(8).toUpperCase();
      if (!CODE_PATTERN.test(code)) throw parameterInvalid("code", "Invalid code: only letters and digits are allowed.");
      if (activeCodeExists(c, code)) throw invalidRequest("An active promotion code with `code: " + code + "` already exists.", { code: "resource_already_exists", param: "code" });
      const customer = c.p.str("customer") || null;
      if (customer) load(c, "customer", customer, "customer");
      const now = c.emu.store.now();
      const expiresAt = c.p.int("expires_at") ?? null;
      if (expiresAt !== null && coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
        throw invalidRequest("The promotion code's `expires_at` cannot be after the coupon's `redeem_by`.", { param: "expires_at" });
      }
      const r = c.p.obj("restrictions");
      const minimum = r?.int("minimum_amount") ?? null;
      const minimumCurrency = r?.str("minimum_amount_currency")?.toLowerCase() || null;
      if (minimum !== null && !minimumCurrency) throw parameterMissing("restrictions[minimum_amount_currency]");
      const max = c.p.int("max_redemptions") ?? null;
      if (max !== null && max < 1) throw parameterInvalid("max_redemptions", "Invalid max_redemptions: must be a positive integer.", "parameter_invalid_integer");
      const pc: PromotionCode = {
        id: newId("promo"),
        object: "promotion_code",
        active: c.p.bool("active") ?? true,
        code,
        created: now,
        customer,
        customer_account: null,
        expires_at: expiresAt,
        livemode: false,
        max_redemptions: max,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        promotion: { coupon: coupon.id, type: "coupon" },
        restrictions: { first_time_transaction: r?.bool("first_time_transaction") ?? false, minimum_amount: minimum, minimum_amount_currency: minimum !== null ? minimumCurrency : null },
        times_redeemed: 0,
      };
      return out(c, c.emu.store.insert(pc));
    },
  },
  { method: "GET", path: "/v1/promotion_codes/:id", params: {}, handler: (c) => out(c, load(c, "promotion_code", c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/promotion_codes/:id",
    params: { active: true, metadata: "hash", restrictions: { currency_options: "any" } },
    handler: (c) => {
      const pc = load(c, "promotion_code", c.path.id ?? "");
      const active = c.p.bool("active");
      if (active === true && !pc.active && activeCodeExists(c, pc.code)) {
        throw invalidRequest("An active promotion code with `code: " + pc.code + "` already exists.", { code: "resource_already_exists", param: "active" });
      }
      if (active !== undefined) pc.active = active;
      pc.metadata = applyMetadata(pc.metadata, c.p.metadataPatch());
      c.emu.store.touch();
      return out(c, pc);
    },
  },
  {
    method: "GET",
    path: "/v1/promotion_codes",
    params: { ...LIST_PARAMS, active: true, code: true, coupon: true, customer: true, customer_account: true, created: "any" },
    handler: (c) => {
      const active = c.p.bool("active");
      // Codes are case-insensitive at Stripe: `code=launch20` finds LAUNCH20.
      const code = c.p.str("code")?.toLowerCase();
      const coupon = c.p.str("coupon");
      const customer = c.p.str("customer");
      return outList(
        c,
        c.emu.store.all(
          "promotion_code",
          (pc) =>
            (active === undefined || pc.active === active) &&
            (!code || pc.code.toLowerCase() === code) &&
            (!coupon || pc.promotion.coupon === coupon) &&
            (!customer || pc.customer === customer),
        ),
        "/v1/promotion_codes",
      );
    },
  },
];

/** `valid` turns false once `redeem_by` passes (checked when read: nothing sweeps coupons). */
function withValidity(c: Ctx, coupon: Coupon): Coupon {
  if (coupon.valid && coupon.redeem_by !== null && coupon.redeem_by <= c.emu.store.now()) {
    coupon.valid = false;
    c.emu.store.touch();
  }
  return coupon;
}
