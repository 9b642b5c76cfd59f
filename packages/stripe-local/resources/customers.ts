// Customers and their payment methods; payment methods themselves (create, attach, detach).

import { invalidRequest } from "../errors";
import { emit, updateWithEvent } from "../events";
import { applyMetadata } from "../params";
import { LIST_PARAMS } from "../pagination";
import { attachPaymentMethod, detachPaymentMethod, paymentMethodFromCardParams, resolvePaymentMethod } from "../payment-methods";
import { deleted, out, outList, type Route } from "../router";
import { newId, randomToken } from "../store";
import type { Params } from "../params";
import { parseTaxId } from "../tax";
import type { Address, Customer } from "../types";
import { load } from "./lookup";
import { createTaxId } from "./tax-ids";

const CUSTOMER_PARAMS = {
  email: true,
  name: true,
  description: true,
  phone: true,
  metadata: "hash",
  payment_method: true,
  invoice_settings: { default_payment_method: true, custom_fields: "any", footer: true, rendering_options: "any" },
  test_clock: true,
  address: { city: true, country: true, line1: true, line2: true, postal_code: true, state: true },
  shipping: "any",
  preferred_locales: [true],
  tax_exempt: true,
  tax: { ip_address: true, validate_location: true },
  balance: true,
} as const;

/** `address[...]`: replaces the whole address (fields not sent become null); `address=` clears it. */
export function readAddress(p: Params): Address | null {
  const a = p.obj("address");
  if (!a) return null;
  const field = (k: string) => a.str(k) || null;
  const country = field("country")?.toUpperCase() ?? null;
  if (country && !/^[A-Z]{2}$/.test(country)) throw invalidRequest("Country must be a two-letter ISO 3166-1 code.", { param: "address[country]", code: "parameter_invalid_string" });
  return { city: field("city"), country, line1: field("line1"), line2: field("line2"), postal_code: field("postal_code"), state: field("state") };
}

export function readTaxExempt(p: Params): Customer["tax_exempt"] | undefined {
  const v = p.str("tax_exempt");
  if (v === undefined || v === "") return undefined;
  if (v !== "none" && v !== "exempt" && v !== "reverse") throw invalidRequest(`Invalid tax_exempt: must be one of none, exempt, or reverse`, { param: "tax_exempt", code: "parameter_invalid_string" });
  return v;
}

/** A customer with Stripe's defaults for every field not given (its id, created and test clock are the caller's). */
export function customerRecord({ id, ...fields }: Pick<Customer, "id" | "created" | "test_clock"> & Partial<Customer>): Customer {
  return {
    // Stripe's own key order (id, object first): snapshots and logs read the same as before.
    id,
    object: "customer",
    address: null,
    balance: 0,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    ...fields,
  };
}

export const customerRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/customers",
    params: { ...CUSTOMER_PARAMS, tax_id_data: [{ type: true, value: true }] },
    handler: (c) => {
      const clockId = c.p.str("test_clock") || null;
      const taxIdData = c.p.list("tax_id_data");
      if (clockId) load(c, "test_helpers.test_clock", clockId, "test_clock");
      const now = c.emu.store.now(clockId);
      const customer = customerRecord({
        id: newId("cus"),
        address: readAddress(c.p),
        balance: c.p.int("balance") ?? 0,
        created: now,
        description: c.p.str("description") || null,
        email: c.p.str("email") || null,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        name: c.p.str("name") || null,
        phone: c.p.str("phone") || null,
        preferred_locales: c.p.strList("preferred_locales"),
        tax_exempt: readTaxExempt(c.p) ?? "none",
        test_clock: clockId,
      });
      // Every tax ID is checked before the customer exists: a malformed one creates nothing.
      taxIdData.forEach((t) => parseTaxId(t.reqStr("type"), t.reqStr("value")));
      c.emu.store.insert(customer);
      emit(c, "customer.created", customer);
      taxIdData.forEach((t, i) => createTaxId(c, customer, t.reqStr("type"), t.reqStr("value"), `tax_id_data[${i}][value]`));
      const pmId = c.p.str("payment_method");
      const defaultPm = c.p.obj("invoice_settings")?.str("default_payment_method");
      const attached = pmId ? resolvePaymentMethod(c, pmId) : undefined;
      if (attached) attachPaymentMethod(c, attached, customer.id);
      if (defaultPm) {
        // `payment_method=pm_card_visa` + the same default refers to the card just attached.
        const pm = attached && defaultPm === pmId ? attached : resolvePaymentMethod(c, defaultPm, "invoice_settings[default_payment_method]");
        if (pm.customer !== customer.id) throw invalidRequest(`The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`, { param: "invoice_settings[default_payment_method]" });
        updateWithEvent(c, "customer.updated", customer, () => (customer.invoice_settings.default_payment_method = pm.id));
      }
      return out(c, customer);
    },
  },
  { method: "GET", path: "/v1/customers/:id", params: {}, handler: (c) => {
    const id = c.path.id ?? "";
    const customer = c.emu.store.get("customer", id);
    if (!customer && c.emu.deletedCustomers.has(id)) return deleted(id, "customer");
    return out(c, load(c, "customer", id));
  } },
  {
    method: "POST",
    path: "/v1/customers/:id",
    params: { ...CUSTOMER_PARAMS, default_source: true },
    handler: (c) => {
      const customer = load(c, "customer", c.path.id ?? "");
      const settings = c.p.obj("invoice_settings");
      let defaultPm: string | null | undefined;
      if (settings?.has("default_payment_method")) {
        const id = settings.str("default_payment_method") || null;
        if (id) {
          const pm = resolvePaymentMethod(c, id, "invoice_settings[default_payment_method]");
          if (pm.customer !== customer.id) {
            throw invalidRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, {
              param: "invoice_settings[default_payment_method]",
            });
          }
          defaultPm = pm.id;
        } else defaultPm = null;
      }
      const address = readAddress(c.p);
      const taxExempt = readTaxExempt(c.p);
      updateWithEvent(c, "customer.updated", customer, () => {
        if (c.p.has("email")) customer.email = c.p.str("email") || null;
        if (c.p.has("name")) customer.name = c.p.str("name") || null;
        if (c.p.has("description")) customer.description = c.p.str("description") || null;
        if (c.p.has("phone")) customer.phone = c.p.str("phone") || null;
        if (c.p.has("address")) customer.address = address;
        if (taxExempt !== undefined) customer.tax_exempt = taxExempt;
        const balance = c.p.int("balance");
        if (balance !== undefined) customer.balance = balance;
        customer.metadata = applyMetadata(customer.metadata, c.p.metadataPatch());
        if (defaultPm !== undefined) customer.invoice_settings.default_payment_method = defaultPm;
      });
      return out(c, customer);
    },
  },
  {
    method: "DELETE",
    path: "/v1/customers/:id",
    params: {},
    handler: (c) => {
      const customer = load(c, "customer", c.path.id ?? "");
      for (const sub of c.emu.store.all("subscription", (s) => s.customer === customer.id && !["canceled", "incomplete_expired"].includes(s.status))) {
        sub.status = "canceled";
        sub.canceled_at = c.emu.store.now(customer.test_clock);
        sub.ended_at = sub.canceled_at;
        emit(c, "customer.subscription.deleted", sub);
      }
      c.emu.store.delete(customer.id);
      c.emu.deletedCustomers.add(customer.id);
      emit(c, "customer.deleted", customer);
      return deleted(customer.id, "customer");
    },
  },
  {
    method: "GET",
    path: "/v1/customers",
    params: { ...LIST_PARAMS, email: true, created: "any", test_clock: true },
    handler: (c) => {
      const email = c.p.str("email");
      const clock = c.p.str("test_clock");
      return outList(c, c.emu.store.all("customer", (x) => (!email || x.email === email) && (!clock || x.test_clock === clock)), "/v1/customers");
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods",
    params: { ...LIST_PARAMS, type: true, allow_redisplay: true },
    handler: (c) => {
      const customer = load(c, "customer", c.path.id ?? "", "customer");
      const type = c.p.str("type");
      return outList(
        c,
        c.emu.store.all("payment_method", (pm) => pm.customer === customer.id && (!type || pm.type === type)),
        `/v1/customers/${customer.id}/payment_methods`,
      );
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods/:pm",
    params: {},
    handler: (c) => {
      const customer = load(c, "customer", c.path.id ?? "", "customer");
      const pm = load(c, "payment_method", c.path.pm ?? "", "payment_method");
      if (pm.customer !== customer.id) throw invalidRequest(`No such PaymentMethod: '${pm.id}'`, { code: "resource_missing", status: 404, param: "payment_method" });
      return out(c, pm);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods",
    // Stripe.js creates payment methods with the publishable key (stripe.createPaymentMethod).
    client: true,
    params: {
      key: true,
      _stripe_version: true,
      payment_user_agent: true,
      time_on_page: true,
      guid: true,
      muid: true,
      sid: true,
      referrer: true,
      type: true,
      card: { number: true, exp_month: true, exp_year: true, cvc: true, token: true },
      billing_details: { name: true, email: true, phone: true, address: "hash" },
      metadata: "hash",
      customer: true,
      payment_method: true,
      allow_redisplay: true,
    },
    handler: (c) => {
      const type = c.p.str("type");
      const source = c.p.str("payment_method");
      if (source) return out(c, resolvePaymentMethod(c, source));
      if (!type) throw invalidRequest("Missing required param: type.", { code: "parameter_missing", param: "type" });
      if (type !== "card") throw invalidRequest(`Invalid type: only 'card' is supported by stripe-local.`, { param: "type", code: "parameter_invalid_string" });
      const pm = paymentMethodFromCardParams(c, c.p.obj("card"), "card");
      const bd = c.p.obj("billing_details");
      if (bd) {
        pm.billing_details.name = bd.str("name") || null;
        pm.billing_details.email = bd.str("email") || null;
        pm.billing_details.phone = bd.str("phone") || null;
      }
      pm.metadata = applyMetadata({}, c.p.metadataPatch());
      return out(c, pm);
    },
  },
  { method: "GET", path: "/v1/payment_methods/:id", params: {}, handler: (c) => out(c, resolveOrLoad(c, c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/payment_methods/:id",
    params: { metadata: "hash", billing_details: { name: true, email: true, phone: true, address: "hash" }, card: { exp_month: true, exp_year: true }, allow_redisplay: true },
    handler: (c) => {
      const pm = load(c, "payment_method", c.path.id ?? "");
      updateWithEvent(c, "payment_method.updated", pm, () => {
        pm.metadata = applyMetadata(pm.metadata, c.p.metadataPatch());
        const bd = c.p.obj("billing_details");
        if (bd?.has("name")) pm.billing_details.name = bd.str("name") || null;
        if (bd?.has("email")) pm.billing_details.email = bd.str("email") || null;
        const card = c.p.obj("card");
        const m = card?.int("exp_month");
        const y = card?.int("exp_year");
        if (m) pm.card.exp_month = m;
        if (y) pm.card.exp_year = y;
      });
      return out(c, pm);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/attach",
    params: { customer: true },
    handler: (c) => {
      const customerId = c.p.reqStr("customer");
      load(c, "customer", customerId, "customer");
      const pm = resolvePaymentMethod(c, c.path.id ?? "", "payment_method");
      attachPaymentMethod(c, pm, customerId);
      return out(c, pm);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/detach",
    params: {},
    handler: (c) => {
      const pm = load(c, "payment_method", c.path.id ?? "", "payment_method");
      detachPaymentMethod(c, pm);
      return out(c, pm);
    },
  },
  {
    method: "GET",
    path: "/v1/payment_methods",
    params: { ...LIST_PARAMS, customer: true, type: true },
    handler: (c) => {
      const customer = c.p.str("customer");
      const type = c.p.str("type");
      return outList(c, c.emu.store.all("payment_method", (pm) => (!customer || pm.customer === customer) && (!type || pm.type === type)), "/v1/payment_methods");
    },
  },
];

function resolveOrLoad(c: Parameters<typeof load>[0], id: string) {
  return id.startsWith("pm_card_") ? resolvePaymentMethod(c, id) : load(c, "payment_method", id, "payment_method");
}
