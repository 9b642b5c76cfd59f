// Checkout Sessions (subscription mode) and billing portal sessions; their stand-in pages live in hosted-pages.ts.

import type { Ctx } from "../context";
import { invalidRequest, parameterMissing } from "../errors";
import { emit } from "../events";
import { applyMetadata, readAutomaticTax } from "../params";
import { LIST_PARAMS, paginate } from "../pagination";
import { expand, render, type JsonObject } from "../render";
import { out, outList, type HandlerCtx, type Route } from "../router";
import { newId, randomToken } from "../store";
import { taxOnAmounts } from "../billing-engine";
import { taxLocation } from "../tax";
import type { CheckoutSession, PortalSession } from "../types";
import { portalConfigurationFor } from "./billing-portal";
import { load } from "./lookup";
import { amountAfterCoupons, assertRedeemable, readDiscountSources, type DiscountSource } from "../discounts";

/** The session's `discounts[]` as coupons (a deleted coupon or code drops out). */
export function sessionDiscountSources(ctx: Ctx, cs: CheckoutSession): DiscountSource[] {
  return cs.discounts.flatMap((d) => {
    const promotionCode = d.promotion_code ? (ctx.emu.store.get("promotion_code", d.promotion_code) ?? null) : null;
    const coupon = ctx.emu.store.get("coupon", promotionCode?.promotion.coupon ?? d.coupon ?? "");
    return coupon ? [{ coupon, promotionCode }] : [];
  });
}

export function expireCheckoutSession(ctx: Ctx, cs: CheckoutSession): void {
  cs.status = "expired";
  cs.url = null;
  ctx.emu.store.touch();
  emit(ctx, "checkout.session.expired", cs);
}

/** Sessions past `expires_at` expire when next looked at. */
export function loadCheckoutSession(ctx: Ctx, id: string): CheckoutSession {
  const cs = load(ctx, "checkout.session", id);
  if (cs.status === "open" && ctx.emu.store.now() >= cs.expires_at) expireCheckoutSession(ctx, cs);
  return cs;
}

function lineItems(c: HandlerCtx, cs: CheckoutSession): JsonObject[] {
  return cs._lineItems.map((li, i) => {
    const price = c.emu.store.get("price", li.price);
    const amount = (price?.unit_amount ?? 0) * li.quantity;
    const discounted = amountAfterCoupons(sessionDiscountSources(c, cs), amount);
    return {
      id: `li_${cs.id.slice(8, 20)}${i}`,
      object: "item",
      amount_discount: amount - discounted,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: discounted,
      currency: price?.currency ?? cs.currency,
      description: price ? (c.emu.store.get("product", price.product)?.name ?? null) : null,
      price: price ? render(price) : null,
      quantity: li.quantity,
    };
  });
}

export const checkoutRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/checkout/sessions",
    params: {
      mode: true,
      line_items: [{ price: true, quantity: true, adjustable_quantity: "any", price_data: "any" }],
      customer: true,
      customer_email: true,
      client_reference_id: true,
      success_url: true,
      cancel_url: true,
      return_url: true,
      subscription_data: { trial_period_days: true, metadata: "hash", description: true, trial_end: true, trial_settings: "any" },
      metadata: "hash",
      expires_at: true,
      allow_promotion_codes: true,
      discounts: "any",
      billing_address_collection: true,
      payment_method_types: [true],
      payment_method_collection: true,
      customer_update: "any",
      locale: true,
      ui_mode: true,
      automatic_tax: { enabled: true, liability: "any" },
      tax_id_collection: "any",
      consent_collection: "any",
      customer_creation: true,
      saved_payment_method_options: "any",
    },
    handler: (c) => {
      const mode = c.p.reqStr("mode");
      if (mode !== "subscription") throw invalidRequest("stripe-local supports Checkout in mode=subscription only.", { param: "mode", code: "parameter_invalid_string" });
      const items = c.p.list("line_items");
      if (items.length === 0) throw parameterMissing("line_items");
      const lines = items.map((it, i) => {
        const price = load(c, "price", it.reqStr("price"), `line_items[${i}][price]`);
        if (!price.recurring) throw invalidRequest("You must provide at least one recurring price in `subscription` mode when using prices.", { param: `line_items[${i}][price]` });
        return { price: price.id, quantity: it.int("quantity") ?? 1, unit: price.unit_amount, currency: price.currency };
      });
      const successUrl = c.p.str("success_url");
      if (!successUrl) throw parameterMissing("success_url");
      const customer = c.p.str("customer") || null;
      if (customer) load(c, "customer", customer, "customer");
      const now = c.emu.store.now();
      const expiresAt = c.p.int("expires_at") ?? now + 24 * 3600;
      if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5) {
        throw invalidRequest("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", { param: "expires_at" });
      }
      const sd = c.p.obj("subscription_data");
      const id = `cs_test_${randomToken(58)}`;
      const subtotal = lines.reduce((s, l) => s + l.unit * l.quantity, 0);
      const sources = readDiscountSources(c, c.p) ?? [];
      if (sources.length > 0 && c.p.bool("allow_promotion_codes")) {
        throw invalidRequest("You may only specify one of these parameters: allow_promotion_codes, discounts.", { param: "discounts" });
      }
      const currency = lines[0]?.currency ?? "usd";
      const customerObj = customer ? load(c, "customer", customer, "customer") : null;
      for (const source of sources) assertRedeemable(c, source, { customer: customerObj, amount: subtotal, currency, now: c.emu.store.now() });
      const lineAmounts = lines.map((l) => (sources.length > 0 ? amountAfterCoupons(sources, l.unit * l.quantity) : l.unit * l.quantity));
      const discounted = lineAmounts.reduce((s, a) => s + a, 0);
      // Tax from the customer's address at creation, on the discounted lines as Stripe computes it; a customer
      // Stripe cannot locate gives the page its address fields, and the total is final once they are filled.
      const automaticTax = readAutomaticTax(c.p) ?? false;
      const taxCustomer = customerObj ?? undefined;
      const located = !!taxCustomer && taxLocation(taxCustomer) !== null;
      const tax = automaticTax && taxCustomer ? taxOnAmounts(c, taxCustomer, lineAmounts) : 0;
      const cs: CheckoutSession = {
        id,
        object: "checkout.session",
        adaptive_pricing: null,
        after_expiration: null,
        allow_promotion_codes: c.p.bool("allow_promotion_codes") ?? null,
        allowed_payment_method_types: null,
        automatic_tax: automaticTax
          ? { enabled: true, liability: { type: "self" }, provider: "stripe", status: located ? "complete" : "requires_location_inputs" }
          : { enabled: false, liability: null, provider: null, status: null },
        billing_address_collection: c.p.str("billing_address_collection") || null,
        client_secret: null,
        collected_information: null,
        consent: null,
        consent_collection: null,
        currency_conversion: null,
        custom_fields: [],
        custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
        customer_account: null,
        customer_creation: customer ? null : "always",
        customer_details: null,
        discounts: sources.map((s) => ({ coupon: s.promotionCode ? null : s.coupon.id, promotion_code: s.promotionCode?.id ?? null })),
        integration_identifier: null,
        invoice_creation: null,
        locale: c.p.str("locale") || null,
        managed_payments: null,
        origin_context: null,
        payment_intent: null,
        payment_link: null,
        payment_method_collection: c.p.str("payment_method_collection") === "if_required" ? "if_required" : "always",
        payment_method_configuration_details: null,
        payment_method_options: {},
        payment_method_types: ["card"],
        permissions: null,
        phone_number_collection: { enabled: false },
        recovered_from: null,
        saved_payment_method_options: null,
        setup_intent: null,
        shipping_address_collection: null,
        shipping_cost: null,
        shipping_options: [],
        submit_type: null,
        tax_id_collection: { enabled: c.p.obj("tax_id_collection")?.bool("enabled") ?? false, required: "never" },
        total_details: { amount_discount: subtotal - discounted, amount_shipping: 0, amount_tax: tax },
        wallet_options: null,
        amount_subtotal: subtotal,
        amount_total: discounted + tax,
        cancel_url: c.p.str("cancel_url") || null,
        client_reference_id: c.p.str("client_reference_id") || null,
        created: now,
        currency: lines[0]?.currency ?? "usd",
        customer,
        customer_email: c.p.str("customer_email") || null,
        expires_at: expiresAt,
        invoice: null,
        livemode: false,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        mode: "subscription",
        payment_status: "unpaid",
        status: "open",
        subscription: null,
        success_url: successUrl,
        ui_mode: "hosted",
        url: `${c.emu.baseUrl()}/_local/checkout/${id}`,
        _customerUpdate: {
          address: c.p.obj("customer_update")?.str("address") === "auto",
          name: c.p.obj("customer_update")?.str("name") === "auto",
        },
        _lineItems: lines.map((l) => ({ price: l.price, quantity: l.quantity })),
        _subscriptionData: {
          automatic_tax: automaticTax,
          trial_period_days: sd?.int("trial_period_days") ?? null,
          metadata: sd ? applyMetadata({}, sd.metadataPatch()) : {},
          missing_payment_method: missingPaymentMethod(sd?.obj("trial_settings")?.obj("end_behavior")?.str("missing_payment_method")),
        },
      };
      c.emu.store.insert(cs);
      return out(c, cs);
    },
  },
  { method: "GET", path: "/v1/checkout/sessions/:id", params: {}, handler: (c) => out(c, loadCheckoutSession(c, c.path.id ?? "")) },
  {
    method: "GET",
    path: "/v1/checkout/sessions",
    params: { ...LIST_PARAMS, customer: true, subscription: true, status: true, payment_intent: true, created: "any" },
    handler: (c) => {
      const customer = c.p.str("customer");
      const sub = c.p.str("subscription");
      const status = c.p.str("status");
      return outList(
        c,
        c.emu.store.all("checkout.session", (s) => (!customer || s.customer === customer) && (!sub || s.subscription === sub) && (!status || s.status === status)),
        "/v1/checkout/sessions",
      );
    },
  },
  {
    method: "POST",
    path: "/v1/checkout/sessions/:id/expire",
    params: {},
    handler: (c) => {
      const cs = loadCheckoutSession(c, c.path.id ?? "");
      if (cs.status !== "open") throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${cs.status}".`, { code: "checkout_session_not_open" } );
      expireCheckoutSession(c, cs);
      return out(c, cs);
    },
  },
  {
    method: "GET",
    path: "/v1/checkout/sessions/:id/line_items",
    params: LIST_PARAMS,
    handler: (c) => {
      const cs = loadCheckoutSession(c, c.path.id ?? "");
      const items = lineItems(c, cs).map((o) => ({ ...o, id: String(o.id), object: "item" }));
      const page = paginate(items as unknown as { id: string; object: string }[], c.p, `/v1/checkout/sessions/${cs.id}/line_items`);
      return expand(c.emu.store, page as unknown as JsonObject, c.expand);
    },
  },
  {
    method: "POST",
    path: "/v1/billing_portal/sessions",
    params: { customer: true, return_url: true, flow_data: "any", configuration: true, locale: true, on_behalf_of: true },
    handler: (c) => {
      const customer = load(c, "customer", c.p.reqStr("customer"), "customer");
      const configuration = portalConfigurationFor(c, c.p.str("configuration") || undefined);
      const id = newId("bps");
      const flow = c.p.obj("flow_data");
      const ps: PortalSession = {
        id,
        object: "billing_portal.session",
        configuration: configuration.id,
        created: c.emu.store.now(),
        customer: customer.id,
        customer_account: null,
        flow: flow ? (flow.raw as unknown as Record<string, unknown>) : null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: c.p.str("return_url") || configuration.default_return_url,
        url: `${c.emu.baseUrl()}/_local/portal/${id}`,
      };
      c.emu.store.insert(ps);
      return out(c, ps);
    },
  },
];

function missingPaymentMethod(value: string | undefined): "cancel" | "create_invoice" | "pause" {
  return value === "cancel" || value === "pause" ? value : "create_invoice";
}
