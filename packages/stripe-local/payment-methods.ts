// Card payment methods: created from card data or test tokens (pm_card_visa), attached to customers.

import { brandOf, cardBehavior, luhnValid, TEST_PAYMENT_METHODS, TEST_TOKENS, type Decline } from "./cards";
import type { Ctx } from "./context";
import { invalidRequest, parameterMissing, resourceMissing, StripeLocalError, type StripeErrorBody } from "./errors";
import { emit } from "./events";
import type { Params } from "./params";
import { render } from "./render";
import { newId, randomToken } from "./store";
import type { BillingDetails, Metadata, PaymentMethod } from "./types";

export function cardError(decline: Decline, extra: Partial<StripeErrorBody> = {}): StripeLocalError {
  return new StripeLocalError(402, {
    type: "card_error",
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, "-")}`,
    ...extra,
  });
}

const emptyBilling = (): BillingDetails => ({
  address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
  email: null,
  name: null,
  phone: null,
  tax_id: null,
});

export function buildPaymentMethod(
  ctx: Ctx,
  card: { number: string; exp_month: number; exp_year: number; cvc?: string },
  opts: { billing?: Partial<BillingDetails>; metadata?: Metadata; clock?: string | null } = {},
): PaymentMethod {
  const number = card.number.replace(/[\s-]/g, "");
  if (!luhnValid(number)) {
    throw cardError({ code: "incorrect_number", message: "Your card number is incorrect." }, { param: "number" });
  }
  if (card.exp_month < 1 || card.exp_month > 12) {
    throw cardError({ code: "invalid_expiry_month", message: "Your card's expiration month is invalid." }, { param: "exp_month" });
  }
  const year = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year;
  const now = new Date(ctx.emu.store.now(opts.clock) * 1000);
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1)) {
    throw cardError({ code: "invalid_expiry_year", message: "Your card's expiration year is invalid." }, { param: "exp_year" });
  }
  if (card.cvc !== undefined && card.cvc !== "" && !/^\d{3,4}$/.test(card.cvc)) {
    throw cardError({ code: "invalid_cvc", message: "Your card's security code is invalid." }, { param: "cvc" });
  }
  const behavior = cardBehavior(number);
  const brand = brandOf(number);
  const pm: PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    customer_account: null,
    allow_redisplay: "unspecified",
    billing_details: { ...emptyBilling(), ...opts.billing },
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: card.cvc ? "pass" : null },
      country: "US",
      display_brand: brand,
      exp_month: card.exp_month,
      exp_year: year,
      fingerprint: randomToken(16),
      funding: behavior.funding,
      generated_from: null,
      last4: number.slice(-4),
      networks: { available: [brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.emu.store.now(opts.clock),
    customer: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    type: "card",
    _number: number,
  };
  return ctx.emu.store.insert(pm);
}

/** A card from `card[...]` params (or `card[token]=tok_visa`). */
export function paymentMethodFromCardParams(ctx: Ctx, card: Params | undefined, prefix: string, clock?: string | null): PaymentMethod {
  if (!card) throw parameterMissing(`${prefix}[card]`);
  const token = card.str("token");
  if (token) {
    const number = TEST_TOKENS[token];
    if (!number) throw resourceMissing("token", token, `${prefix}[card][token]`);
    return buildPaymentMethod(ctx, { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 5 }, { clock });
  }
  const number = card.str("number");
  if (!number) throw parameterMissing(`${prefix}[card][number]`);
  const exp_month = card.int("exp_month");
  if (exp_month === undefined) throw parameterMissing(`${prefix}[card][exp_month]`);
  const exp_year = card.int("exp_year");
  if (exp_year === undefined) throw parameterMissing(`${prefix}[card][exp_year]`);
  return buildPaymentMethod(ctx, { number, exp_month, exp_year, cvc: card.str("cvc") }, { clock });
}

/** An existing pm_ id, or a fresh payment method for a test id such as `pm_card_visa`. */
export function resolvePaymentMethod(ctx: Ctx, id: string, param = "payment_method"): PaymentMethod {
  const existing = ctx.emu.store.get("payment_method", id);
  if (existing) return existing;
  const testNumber = TEST_PAYMENT_METHODS[id];
  if (testNumber) {
    return buildPaymentMethod(ctx, { number: testNumber, exp_month: 12, exp_year: new Date().getUTCFullYear() + 5, cvc: "123" });
  }
  throw resourceMissing("PaymentMethod", id, param);
}

/** Attaches after the card check a real attach does ($0 authorization): declining cards fail here. */
export function attachPaymentMethod(ctx: Ctx, pm: PaymentMethod, customerId: string): void {
  if (pm.customer === customerId) return;
  if (pm.customer) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      code: "payment_method_unexpected_state",
    });
  }
  const decline = cardBehavior(pm._number).declineOnAttach;
  if (decline) throw cardError(decline, { payment_method: render(pm) });
  pm.customer = customerId;
  ctx.emu.store.touch();
  emit(ctx, "payment_method.attached", pm);
}

export function detachPaymentMethod(ctx: Ctx, pm: PaymentMethod): void {
  if (!pm.customer) {
    throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", {
      code: "payment_method_unexpected_state",
    });
  }
  const customer = ctx.emu.store.get("customer", pm.customer);
  if (customer?.invoice_settings.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
  pm.customer = null;
  ctx.emu.store.touch();
  emit(ctx, "payment_method.detached", pm, { customer: customer?.id ?? null });
}
