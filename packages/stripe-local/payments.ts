// PaymentIntent and SetupIntent state machines: charges, declines, 3DS challenges, and the hand-off to the
// billing engine when an intent belongs to an invoice or a subscription.

import { AUTHENTICATION_REQUIRED, cardBehavior, type Decline } from "./cards";
import type { Ctx } from "./context";
import { invalidRequest, StripeLocalError } from "./errors";
import { emit, updateWithEvent } from "./events";
import { onInvoicePaymentFailed, onInvoicePaymentSucceeded, onInvoicePaymentActionRequired, onSetupIntentSucceeded } from "./billing-engine";
import { cardError } from "./payment-methods";
import { render } from "./render";
import { newId, randomToken } from "./store";
import type { Charge, NextAction, PaymentError, PaymentIntent, PaymentMethod, SetupIntent } from "./types";

export function createPaymentIntentObject(
  ctx: Ctx,
  fields: { amount: number; currency: string; customer: string | null; clock: string | null } & Partial<PaymentIntent>,
  opts: { silent?: boolean } = {},
): PaymentIntent {
  const { clock, ...rest } = fields;
  const id = newId("pi");
  const pi: PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    application_fee_amount: null,
    customer_account: null,
    excluded_payment_method_types: null,
    managed_payments: null,
    payment_method_configuration_details: null,
    payment_record: null,
    review: null,
    source: null,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: "automatic",
    created: ctx.emu.store.now(clock),
    description: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    processing: null,
    receipt_email: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
    ...rest,
  };
  ctx.emu.store.insert(pi);
  if (!opts.silent) emit(ctx, "payment_intent.created", pi);
  return pi;
}

function threeDSAction(ctx: Ctx, kind: "payment_intents" | "setup_intents", id: string): NextAction {
  return {
    type: "use_stripe_sdk",
    use_stripe_sdk: {
      type: "three_d_secure_redirect",
      stripe_js: `${ctx.emu.baseUrl()}/_local/3ds/${kind}/${id}`,
      source: `src_${randomToken(24)}`,
    },
  };
}

function needsAuthentication(pm: PaymentMethod, offSession: boolean): boolean {
  const b = cardBehavior(pm._number);
  return b.threeDS === "always" || (b.threeDS === "on_session" && !offSession);
}

function createCharge(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, decline: Decline | null, threeDS: boolean): Charge {
  const clock = pi.customer ? (ctx.emu.store.get("customer", pi.customer)?.test_clock ?? null) : null;
  const captured = !decline && pi.capture_method !== "manual";
  const ch: Charge = {
    id: newId("ch"),
    object: "charge",
    application_fee: null,
    application_fee_amount: null,
    failure_balance_transaction: null,
    on_behalf_of: null,
    receipt_number: null,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    transfer_data: null,
    transfer_group: null,
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: "STRIPE-LOCAL",
    captured,
    created: ctx.emu.store.now(clock),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    outcome: decline
      ? {
          // Network advice is the issuer's and Stripe's own; the emulator has none to give, so null as in
          // Stripe's fixture charge.
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: decline.decline_code ?? decline.code,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        }
      : { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: "approved_by_network", reason: null, risk_level: "normal", risk_score: 20, seller_message: "Payment complete.", type: "authorized" },
    paid: !decline,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        // Stripe reports the authorized amount only for an authorization that went through.
        amount_authorized: decline ? null : pi.amount,
        authorization_code: null,
        brand: pm.card.brand,
        checks: pm.card.checks,
        country: pm.card.country,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        electronic_commerce_indicator: null,
        fingerprint: pm.card.fingerprint,
        funding: pm.card.funding,
        installments: null,
        last4: pm.card.last4,
        mandate: null,
        network: pm.card.brand,
        network_transaction_id: null,
        regulated_status: null,
        // The emulator's 3D Secure is always a challenge page the customer completes.
        three_d_secure: threeDS
          ? { authentication_flow: "challenge", electronic_commerce_indicator: null, exemption_indicator: null, result: "authenticated", result_reason: null, transaction_id: null, version: "2.2.0" }
          : null,
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },
    receipt_email: null,
    receipt_url: `${ctx.emu.baseUrl()}/_local/receipts/${pi.id}`,
    refunded: false,
    status: decline ? "failed" : "succeeded",
  };
  return ctx.emu.store.insert(ch);
}

export type ConfirmOutcome = { kind: "succeeded" } | { kind: "requires_action" } | { kind: "declined"; error: StripeLocalError };

function declinePaymentIntent(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, decline: Decline, threeDS: boolean): ConfirmOutcome {
  const ch = createCharge(ctx, pi, pm, decline, threeDS);
  emit(ctx, "charge.failed", ch);
  const lastError: PaymentError = {
    type: "card_error",
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, "-")}`,
    charge: ch.id,
    payment_method: render(pm) as unknown as PaymentMethod,
  };
  pi.status = "requires_payment_method";
  pi.latest_charge = ch.id;
  pi.last_payment_error = lastError;
  pi.next_action = null;
  ctx.emu.store.touch();
  emit(ctx, "payment_intent.payment_failed", pi);
  if (pi._invoice) onInvoicePaymentFailed(ctx, pi._invoice, pi);
  const error = cardError(decline, { charge: ch.id, payment_intent: render(pi), payment_method: render(pm) });
  return { kind: "declined", error };
}

function succeedPaymentIntent(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, threeDS: boolean): ConfirmOutcome {
  if (pi.setup_future_usage && pi.customer && !pm.customer) attachPaymentMethodQuietly(ctx, pm, pi.customer);
  const ch = createCharge(ctx, pi, pm, null, threeDS);
  pi.latest_charge = ch.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  if (pi.capture_method === "manual") {
    pi.status = "requires_capture";
    pi.amount_capturable = pi.amount;
    ctx.emu.store.touch();
    emit(ctx, "charge.succeeded", ch);
    emit(ctx, "payment_intent.amount_capturable_updated", pi);
    return { kind: "succeeded" };
  }
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  ctx.emu.store.touch();
  emit(ctx, "charge.succeeded", ch);
  emit(ctx, "payment_intent.succeeded", pi);
  if (pi._invoice) onInvoicePaymentSucceeded(ctx, pi._invoice, pi, pm);
  return { kind: "succeeded" };
}

/** Saving a card during a payment never fails on the card check: the charge itself decides. */
function attachPaymentMethodQuietly(ctx: Ctx, pm: PaymentMethod, customer: string): void {
  pm.customer = customer;
  ctx.emu.store.touch();
  emit(ctx, "payment_method.attached", pm);
}

const CONFIRMABLE = new Set(["requires_payment_method", "requires_confirmation", "requires_action"]);

export function confirmPaymentIntent(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, opts: { offSession: boolean }): ConfirmOutcome {
  if (!CONFIRMABLE.has(pi.status)) {
    throw invalidRequest(
      `This PaymentIntent's payment_method could not be updated because it has a status of ${pi.status}. You may only update the payment_method of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  pi.payment_method = pm.id;
  pi._offSession = opts.offSession;
  const b = cardBehavior(pm._number);
  if (needsAuthentication(pm, opts.offSession)) {
    if (opts.offSession && !pi._invoice) return declinePaymentIntent(ctx, pi, pm, AUTHENTICATION_REQUIRED, false);
    pi.status = "requires_action";
    pi.next_action = threeDSAction(ctx, "payment_intents", pi.id);
    pi.last_payment_error = null;
    ctx.emu.store.touch();
    emit(ctx, "payment_intent.requires_action", pi);
    if (pi._invoice) onInvoicePaymentActionRequired(ctx, pi._invoice, pi, opts.offSession);
    return { kind: "requires_action" };
  }
  const decline = b.declineOnAttach ?? b.chargeDecline;
  if (decline) return declinePaymentIntent(ctx, pi, pm, decline, false);
  return succeedPaymentIntent(ctx, pi, pm, false);
}

export const AUTHENTICATION_FAILURE_MESSAGE =
  "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

/** Completes the stand-in 3DS challenge of a PaymentIntent in requires_action. */
export function completePaymentIntent3ds(ctx: Ctx, pi: PaymentIntent, pass: boolean): ConfirmOutcome {
  if (pi.status !== "requires_action" || !pi.payment_method) {
    throw invalidRequest(`PaymentIntent ${pi.id} is not awaiting authentication (status ${pi.status}).`, { code: "payment_intent_unexpected_state" });
  }
  const pm = ctx.emu.store.get("payment_method", pi.payment_method);
  if (!pm) throw invalidRequest("The PaymentIntent's payment method no longer exists.");
  if (pass) {
    const after = cardBehavior(pm._number).declineAfter3ds;
    if (after) return declinePaymentIntent(ctx, pi, pm, after, true);
    return succeedPaymentIntent(ctx, pi, pm, true);
  }
  pi.status = "requires_payment_method";
  pi.next_action = null;
  pi.last_payment_error = {
    type: "invalid_request_error",
    code: "payment_intent_authentication_failure",
    message: AUTHENTICATION_FAILURE_MESSAGE,
    doc_url: "https://docs.stripe.com/error-codes/payment-intent-authentication-failure",
    payment_method: render(pm) as unknown as PaymentMethod,
  };
  ctx.emu.store.touch();
  emit(ctx, "payment_intent.payment_failed", pi);
  if (pi._invoice) onInvoicePaymentFailed(ctx, pi._invoice, pi);
  return {
    kind: "declined",
    error: new StripeLocalError(402, {
      type: "invalid_request_error",
      code: "payment_intent_authentication_failure",
      message: AUTHENTICATION_FAILURE_MESSAGE,
      payment_intent: render(pi),
    }),
  };
}

export function cancelPaymentIntent(ctx: Ctx, pi: PaymentIntent, reason: string | null): void {
  if (pi.status === "succeeded" || pi.status === "canceled") {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  const clock = pi.customer ? (ctx.emu.store.get("customer", pi.customer)?.test_clock ?? null) : null;
  pi.status = "canceled";
  pi.canceled_at = ctx.emu.store.now(clock);
  pi.cancellation_reason = reason;
  pi.next_action = null;
  pi.amount_capturable = 0;
  ctx.emu.store.touch();
  emit(ctx, "payment_intent.canceled", pi);
}

export function capturePaymentIntent(ctx: Ctx, pi: PaymentIntent, amount: number | undefined): void {
  if (pi.status !== "requires_capture") {
    throw invalidRequest(`This PaymentIntent could not be captured because it has a status of ${pi.status}.`, {
      code: "payment_intent_unexpected_state",
    });
  }
  const captured = Math.min(amount ?? pi.amount_capturable, pi.amount_capturable);
  const ch = pi.latest_charge ? ctx.emu.store.get("charge", pi.latest_charge) : undefined;
  if (ch) {
    updateWithEvent(ctx, "charge.updated", ch, () => {
      ch.captured = true;
      ch.amount_captured = captured;
    });
    emit(ctx, "charge.captured", ch);
  }
  pi.status = "succeeded";
  pi.amount_received = captured;
  pi.amount_capturable = 0;
  ctx.emu.store.touch();
  emit(ctx, "payment_intent.succeeded", pi);
}

// --- SetupIntents -------------------------------------------------------------------------------

export type SetupOutcome = ConfirmOutcome;

function setupFailed(ctx: Ctx, si: SetupIntent, pm: PaymentMethod, decline: Decline): SetupOutcome {
  si.status = "requires_payment_method";
  si.next_action = null;
  si.last_setup_error = {
    type: "card_error",
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    payment_method: render(pm) as unknown as PaymentMethod,
  };
  ctx.emu.store.touch();
  emit(ctx, "setup_intent.setup_failed", si);
  return { kind: "declined", error: cardError(decline, { setup_intent: render(si), payment_method: render(pm) }) };
}

function setupSucceeded(ctx: Ctx, si: SetupIntent, pm: PaymentMethod): SetupOutcome {
  if (si.customer && pm.customer !== si.customer) {
    if (pm.customer) {
      throw invalidRequest("The payment method you provided has already been attached to a customer.", { code: "payment_method_unexpected_state" });
    }
    attachPaymentMethodQuietly(ctx, pm, si.customer);
  }
  si.status = "succeeded";
  si.next_action = null;
  si.last_setup_error = null;
  ctx.emu.store.touch();
  emit(ctx, "setup_intent.succeeded", si);
  if (si._subscription) onSetupIntentSucceeded(ctx, si._subscription, pm);
  return { kind: "succeeded" };
}

export function confirmSetupIntent(ctx: Ctx, si: SetupIntent, pm: PaymentMethod): SetupOutcome {
  if (!CONFIRMABLE.has(si.status)) {
    throw invalidRequest(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, { code: "setup_intent_unexpected_state" });
  }
  si.payment_method = pm.id;
  const b = cardBehavior(pm._number);
  if (b.threeDS) {
    si.status = "requires_action";
    si.next_action = threeDSAction(ctx, "setup_intents", si.id);
    ctx.emu.store.touch();
    emit(ctx, "setup_intent.requires_action", si);
    return { kind: "requires_action" };
  }
  if (b.declineOnAttach) return setupFailed(ctx, si, pm, b.declineOnAttach);
  return setupSucceeded(ctx, si, pm);
}

export function completeSetupIntent3ds(ctx: Ctx, si: SetupIntent, pass: boolean): SetupOutcome {
  if (si.status !== "requires_action" || !si.payment_method) {
    throw invalidRequest(`SetupIntent ${si.id} is not awaiting authentication (status ${si.status}).`, { code: "setup_intent_unexpected_state" });
  }
  const pm = ctx.emu.store.get("payment_method", si.payment_method);
  if (!pm) throw invalidRequest("The SetupIntent's payment method no longer exists.");
  if (pass) return setupSucceeded(ctx, si, pm);
  si.status = "requires_payment_method";
  si.next_action = null;
  si.last_setup_error = {
    type: "invalid_request_error",
    code: "setup_intent_authentication_failure",
    message: AUTHENTICATION_FAILURE_MESSAGE,
    payment_method: render(pm) as unknown as PaymentMethod,
  };
  ctx.emu.store.touch();
  emit(ctx, "setup_intent.setup_failed", si);
  return {
    kind: "declined",
    error: new StripeLocalError(402, {
      type: "invalid_request_error",
      code: "setup_intent_authentication_failure",
      message: AUTHENTICATION_FAILURE_MESSAGE,
      setup_intent: render(si),
    }),
  };
}
