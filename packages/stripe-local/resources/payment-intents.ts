// PaymentIntents and SetupIntents, including the Stripe.js client routes (publishable key + client secret).

import type { Ctx } from "../context";
import { invalidRequest, parameterInvalid } from "../errors";
import { emit, updateWithEvent } from "../events";
import { applyMetadata, type Params } from "../params";
import { LIST_PARAMS } from "../pagination";
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  confirmSetupIntent,
  createPaymentIntentObject,
  type ConfirmOutcome,
} from "../payments";
import { paymentMethodFromCardParams, resolvePaymentMethod } from "../payment-methods";
import { out, outList, type HandlerCtx, type Route } from "../router";
import type { JsonObject } from "../render";
import { newId, randomToken } from "../store";
import type { PaymentIntent, PaymentMethod, SetupIntent } from "../types";
import { load } from "./lookup";

/** Fields Stripe.js adds to client requests for fraud signals; accepted and ignored. */
const CLIENT_SIGNALS = {
  payment_user_agent: true,
  time_on_page: true,
  referrer: true,
  guid: true,
  muid: true,
  sid: true,
  client_attribution_metadata: "any",
} as const;

const PM_DATA = {
  type: true,
  card: { number: true, exp_month: true, exp_year: true, cvc: true, token: true, networks: "any" },
  billing_details: { name: true, email: true, phone: true, address: "hash" },
  metadata: "hash",
  allow_redisplay: true,
  ...CLIENT_SIGNALS,
} as const;

const CONFIRM_PARAMS = {
  payment_method: true,
  payment_method_data: PM_DATA,
  return_url: true,
  off_session: true,
  setup_future_usage: true,
  receipt_email: true,
  mandate_data: "any",
  payment_method_options: "any",
  payment_method_types: [true],
  use_stripe_sdk: true,
  error_on_requires_action: true,
  capture_method: true,
  shipping: "any",
  // Stripe.js sends these with publishable-key requests.
  key: true,
  client_secret: true,
  _stripe_version: true,
  expected_payment_method_type: true,
  radar_options: "any",
  save_payment_method: true,
  ...CLIENT_SIGNALS,
} as const;

/** Client routes: a publishable key may only act on the intent whose client secret it presents. */
function checkClientSecret(c: HandlerCtx, intent: { id: string; client_secret: string }): void {
  if (!c.publishable) return;
  const secret = c.p.str("client_secret");
  if (!secret) throw invalidRequest("Missing required param: client_secret.", { code: "parameter_missing", param: "client_secret" });
  if (secret !== intent.client_secret) {
    throw invalidRequest(`The client_secret provided does not match the client_secret associated with the ${intent.id.startsWith("pi_") ? "PaymentIntent" : "SetupIntent"}.`, {
      code: "payment_intent_invalid_parameter",
      param: "client_secret",
    });
  }
}

function clockOfCustomer(c: Ctx, customer: string | null): string | null {
  return customer ? (c.emu.store.get("customer", customer)?.test_clock ?? null) : null;
}

/** payment_method or payment_method_data from a confirm/create request. */
function paymentMethodFrom(c: HandlerCtx, p: Params, fallback: string | null): PaymentMethod | null {
  const id = p.str("payment_method");
  if (id) return resolvePaymentMethod(c, id);
  const data = p.obj("payment_method_data");
  if (data) {
    const type = data.str("type") ?? "card";
    if (type !== "card") throw parameterInvalid("payment_method_data[type]", "Only card payment methods are supported by stripe-local.");
    const pm = paymentMethodFromCardParams(c, data.obj("card"), "payment_method_data");
    const bd = data.obj("billing_details");
    if (bd) {
      pm.billing_details.name = bd.str("name") || null;
      pm.billing_details.email = bd.str("email") || null;
    }
    return pm;
  }
  return fallback ? resolvePaymentMethod(c, fallback) : null;
}

function respond(c: HandlerCtx, outcome: ConfirmOutcome, obj: PaymentIntent | SetupIntent): JsonObject {
  if (outcome.kind === "declined") throw outcome.error;
  return out(c, obj);
}

function confirm(c: HandlerCtx, pi: PaymentIntent, p: Params): JsonObject {
  const pm = paymentMethodFrom(c, p, pi.payment_method);
  if (!pm) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
      { code: "payment_intent_unexpected_state" },
    );
  }
  const sfu = p.str("setup_future_usage");
  if (sfu === "off_session" || sfu === "on_session") pi.setup_future_usage = sfu;
  const offSession = p.str("off_session") === "true" || p.str("off_session") === "one_off" || p.str("off_session") === "recurring";
  return respond(c, confirmPaymentIntent(c, pi, pm, { offSession }), pi);
}

function createSetupIntent(c: HandlerCtx): SetupIntent {
  const customer = c.p.str("customer") || null;
  if (customer) load(c, "customer", customer, "customer");
  const id = newId("seti");
  const usage = c.p.str("usage") === "on_session" ? "on_session" : "off_session";
  const si: SetupIntent = {
    id,
    object: "setup_intent",
    allowed_payment_method_types: null,
    excluded_payment_method_types: null,
    payment_method_configuration_details: null,
    application: null,
    automatic_payment_methods: c.p.obj("automatic_payment_methods")?.bool("enabled") ? { allow_redirects: "always", enabled: true } : null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(25)}`,
    created: c.emu.store.now(clockOfCustomer(c, customer)),
    customer,
    description: c.p.str("description") || null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: applyMetadata({}, c.p.metadataPatch()),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: c.p.strList("payment_method_types").length ? c.p.strList("payment_method_types") : ["card"],
    single_use_mandate: null,
    status: "requires_payment_method",
    usage,
  };
  const pmId = c.p.str("payment_method");
  if (pmId) {
    si.payment_method = resolvePaymentMethod(c, pmId).id;
    si.status = "requires_confirmation";
  }
  c.emu.store.insert(si);
  emit(c, "setup_intent.created", si);
  return si;
}

export const paymentIntentRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payment_intents",
    params: {
      amount: true,
      currency: true,
      customer: true,
      payment_method: true,
      payment_method_data: PM_DATA,
      confirm: true,
      off_session: true,
      setup_future_usage: true,
      automatic_payment_methods: { enabled: true, allow_redirects: true },
      payment_method_types: [true],
      allowed_payment_method_types: [true],
      excluded_payment_method_types: [true],
      payment_method_configuration: true,
      capture_method: true,
      confirmation_method: true,
      description: true,
      metadata: "hash",
      receipt_email: true,
      return_url: true,
      statement_descriptor: true,
      statement_descriptor_suffix: true,
      error_on_requires_action: true,
      payment_method_options: "any",
      shipping: "any",
      use_stripe_sdk: true,
      mandate_data: "any",
    },
    handler: (c) => {
      const amount = c.p.reqInt("amount");
      if (amount < 1) throw invalidRequest("This value must be greater than or equal to 1.", { param: "amount", code: "parameter_invalid_integer" });
      const currency = c.p.reqStr("currency").toLowerCase();
      const customer = c.p.str("customer") || null;
      if (customer) load(c, "customer", customer, "customer");
      const apm = c.p.obj("automatic_payment_methods");
      const capture = c.p.str("capture_method");
      const sfu = c.p.str("setup_future_usage");
      const pi = createPaymentIntentObject(c, {
        amount,
        currency,
        customer,
        clock: clockOfCustomer(c, customer),
        automatic_payment_methods: apm?.bool("enabled") ? { allow_redirects: apm.str("allow_redirects") === "never" ? "never" : "always", enabled: true } : null,
        payment_method_types: c.p.strList("payment_method_types").length ? c.p.strList("payment_method_types") : ["card"],
        allowed_payment_method_types: c.p.strList("allowed_payment_method_types").length ? c.p.strList("allowed_payment_method_types") : null,
        capture_method: capture === "manual" ? "manual" : "automatic",
        description: c.p.str("description") || null,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        receipt_email: c.p.str("receipt_email") || null,
        setup_future_usage: sfu === "off_session" || sfu === "on_session" ? sfu : null,
      });
      const pm = paymentMethodFrom(c, c.p, null);
      if (pm) {
        pi.payment_method = pm.id;
        pi.status = "requires_confirmation";
      }
      if (c.p.bool("confirm")) return confirm(c, pi, c.p);
      return out(c, pi);
    },
  },
  {
    method: "GET",
    path: "/v1/payment_intents/:id",
    params: { client_secret: true, key: true, _stripe_version: true },
    client: true,
    handler: (c) => {
      const pi = load(c, "payment_intent", c.path.id ?? "");
      checkClientSecret(c, pi);
      return out(c, pi);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id",
    params: { amount: true, currency: true, customer: true, description: true, metadata: "hash", payment_method: true, receipt_email: true, setup_future_usage: true, payment_method_types: [true] },
    handler: (c) => {
      const pi = load(c, "payment_intent", c.path.id ?? "");
      if (pi.status === "succeeded" || pi.status === "canceled") {
        if (c.p.has("amount") || c.p.has("payment_method")) {
          throw invalidRequest(`This PaymentIntent's amount could not be updated because it has a status of ${pi.status}.`, { code: "payment_intent_unexpected_state" });
        }
      }
      updateWithEvent(c, "payment_intent.updated", pi, () => {
        const amount = c.p.int("amount");
        if (amount !== undefined) pi.amount = amount;
        if (c.p.has("description")) pi.description = c.p.str("description") || null;
        pi.metadata = applyMetadata(pi.metadata, c.p.metadataPatch());
        const pmId = c.p.str("payment_method");
        if (pmId) {
          pi.payment_method = resolvePaymentMethod(c, pmId).id;
          pi.status = "requires_confirmation";
        }
        const customer = c.p.str("customer");
        if (customer) pi.customer = load(c, "customer", customer, "customer").id;
      });
      return out(c, pi);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/confirm",
    params: CONFIRM_PARAMS,
    client: true,
    handler: (c) => {
      const pi = load(c, "payment_intent", c.path.id ?? "");
      checkClientSecret(c, pi);
      return confirm(c, pi, c.p);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/cancel",
    params: { cancellation_reason: true },
    handler: (c) => {
      const pi = load(c, "payment_intent", c.path.id ?? "");
      if (pi._invoice) {
        throw invalidRequest("You cannot cancel this PaymentIntent because it belongs to an invoice. Void the invoice instead.", { code: "payment_intent_unexpected_state" });
      }
      cancelPaymentIntent(c, pi, c.p.str("cancellation_reason") || null);
      return out(c, pi);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/capture",
    params: { amount_to_capture: true, metadata: "hash" },
    handler: (c) => {
      const pi = load(c, "payment_intent", c.path.id ?? "");
      capturePaymentIntent(c, pi, c.p.int("amount_to_capture"));
      return out(c, pi);
    },
  },
  {
    method: "GET",
    path: "/v1/payment_intents",
    params: { ...LIST_PARAMS, customer: true, created: "any" },
    handler: (c) => {
      const customer = c.p.str("customer");
      return outList(c, c.emu.store.all("payment_intent", (x) => !customer || x.customer === customer), "/v1/payment_intents");
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents",
    params: {
      customer: true,
      payment_method: true,
      payment_method_types: [true],
      allowed_payment_method_types: [true],
      excluded_payment_method_types: [true],
      payment_method_configuration: true,
      automatic_payment_methods: { enabled: true, allow_redirects: true },
      usage: true,
      description: true,
      metadata: "hash",
      confirm: true,
      return_url: true,
      payment_method_data: PM_DATA,
      payment_method_options: "any",
      use_stripe_sdk: true,
    },
    handler: (c) => {
      const si = createSetupIntent(c);
      if (c.p.bool("confirm")) {
        const pm = paymentMethodFrom(c, c.p, si.payment_method);
        if (!pm) throw invalidRequest("A payment method is required to confirm this SetupIntent.", { code: "setup_intent_unexpected_state" });
        return respond(c, confirmSetupIntent(c, si, pm), si);
      }
      return out(c, si);
    },
  },
  {
    method: "GET",
    path: "/v1/setup_intents/:id",
    params: { client_secret: true, key: true, _stripe_version: true },
    client: true,
    handler: (c) => {
      const si = load(c, "setup_intent", c.path.id ?? "");
      checkClientSecret(c, si);
      return out(c, si);
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/confirm",
    params: CONFIRM_PARAMS,
    client: true,
    handler: (c) => {
      const si = load(c, "setup_intent", c.path.id ?? "");
      checkClientSecret(c, si);
      const pm = paymentMethodFrom(c, c.p, si.payment_method);
      if (!pm) throw invalidRequest("You cannot confirm this SetupIntent because it's missing a payment method.", { code: "setup_intent_unexpected_state" });
      return respond(c, confirmSetupIntent(c, si, pm), si);
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/cancel",
    params: { cancellation_reason: true },
    handler: (c) => {
      const si = load(c, "setup_intent", c.path.id ?? "");
      if (si.status === "succeeded" || si.status === "canceled") {
        throw invalidRequest(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, { code: "setup_intent_unexpected_state" });
      }
      si.status = "canceled";
      si.cancellation_reason = c.p.str("cancellation_reason") || null;
      c.emu.store.touch();
      emit(c, "setup_intent.canceled", si);
      return out(c, si);
    },
  },
  {
    method: "GET",
    path: "/v1/setup_intents",
    params: { ...LIST_PARAMS, customer: true, payment_method: true, created: "any" },
    handler: (c) => {
      const customer = c.p.str("customer");
      return outList(c, c.emu.store.all("setup_intent", (x) => !customer || x.customer === customer), "/v1/setup_intents");
    },
  },
];
