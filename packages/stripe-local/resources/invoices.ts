// Invoices (list, retrieve, pay, finalize, void, lines, create_preview), invoice items and invoice payments.

import {
  attemptInvoicePayment,
  buildInvoice,
  defaultPaymentMethod,
  finalizeInvoice,
  planSubscriptionUpdate,
  previewLines,
  previewTotals,
  voidInvoice,
  withPreviewTaxIds,
  type LineSpec,
} from "../billing-engine";
import { nextBoundary } from "../billing-periods";
import { invalidRequest, parameterMissing, StripeLocalError } from "../errors";
import { emit, updateWithEvent } from "../events";
import { applyMetadata, readAutomaticTax, readTimestamp, type Params } from "../params";
import { LIST_PARAMS, paginate } from "../pagination";
import { resolvePaymentMethod } from "../payment-methods";
import { expand, render } from "../render";
import { out, outList, type HandlerCtx, type Route } from "../router";
import { randomToken } from "../store";
import { load } from "./lookup";
import { taxIdRecord } from "./tax-ids";
import { customerRecord, readAddress, readTaxExempt } from "./customers";
import type { Customer } from "../types";
import { listAmount, readItemPlans, readProrationBehavior, resolveAgainst } from "./subscriptions";
import { assertRedeemable, readDiscountSources, redeemDiscount } from "../discounts";

/** create_preview's `preview_mode` (default `next`); Stripe refuses another value. */
function previewModeOf(c: HandlerCtx): "next" | "recurring" {
  const mode = c.p.str("preview_mode") ?? "next";
  if (mode !== "next" && mode !== "recurring") {
    throw invalidRequest(`Invalid preview_mode: must be one of next or recurring`, { param: "preview_mode", code: "parameter_invalid_string" });
  }
  return mode;
}

const ITEM_SPEC = { id: true, price: true, quantity: true, deleted: true, metadata: "hash", clear_usage: true, price_data: "any", tax_rates: "any", discounts: "any" } as const;

export const invoiceRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/invoices",
    params: { ...LIST_PARAMS, customer: true, subscription: true, status: true, created: "any", collection_method: true, due_date: "any", customer_account: true },
    handler: (c) => {
      const customer = c.p.str("customer");
      const sub = c.p.str("subscription");
      const status = c.p.str("status");
      return outList(
        c,
        c.emu.store.all(
          "invoice",
          (i) =>
            (!customer || i.customer === customer) &&
            (!sub || i.parent?.subscription_details.subscription === sub) &&
            (!status || i.status === status),
        ),
        "/v1/invoices",
      );
    },
  },
  { method: "GET", path: "/v1/invoices/:id", params: {}, handler: (c) => out(c, load(c, "invoice", c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/invoices/:id",
    params: { metadata: "hash", description: true, auto_advance: true, default_payment_method: true },
    handler: (c) => {
      const inv = load(c, "invoice", c.path.id ?? "");
      updateWithEvent(c, "invoice.updated", inv, () => {
        inv.metadata = applyMetadata(inv.metadata, c.p.metadataPatch());
        if (c.p.has("description")) inv.description = c.p.str("description") || null;
        const auto = c.p.bool("auto_advance");
        if (auto !== undefined) inv.auto_advance = auto;
        if (c.p.has("default_payment_method")) inv.default_payment_method = c.p.str("default_payment_method") || null;
      });
      return out(c, inv);
    },
  },
  {
    method: "POST",
    path: "/v1/invoices/:id/finalize",
    params: { auto_advance: true },
    handler: (c) => {
      const inv = load(c, "invoice", c.path.id ?? "");
      finalizeInvoice(c, inv);
      return out(c, inv);
    },
  },
  {
    method: "POST",
    path: "/v1/invoices/:id/pay",
    params: { payment_method: true, off_session: true, paid_out_of_band: true, forgive: true, mandate: true, source: true },
    handler: (c) => {
      const inv = load(c, "invoice", c.path.id ?? "");
      if (inv.status === "draft") finalizeInvoice(c, inv);
      if (inv.status === "paid") throw invalidRequest("Invoice is already paid", { code: "invoice_already_paid" } );
      if (inv.status !== "open") throw invalidRequest(`You cannot pay this invoice because it is ${inv.status}.`, { code: "invoice_not_editable" });
      if (c.p.bool("paid_out_of_band")) {
        const pi = inv._paymentIntent ? c.emu.store.get("payment_intent", inv._paymentIntent) : undefined;
        if (pi) pi.status = "canceled";
        updateWithEvent(c, "invoice.updated", inv, () => {
          inv.status = "paid";
          inv.amount_remaining = 0;
          inv.status_transitions.paid_at = c.emu.store.now(inv.test_clock);
        });
        emit(c, "invoice.paid", inv);
        return out(c, inv);
      }
      const customer = load(c, "customer", inv.customer, "customer");
      const sub = inv.parent ? c.emu.store.get("subscription", inv.parent.subscription_details.subscription) : undefined;
      const pmId = c.p.str("payment_method");
      const pm = pmId ? resolvePaymentMethod(c, pmId) : defaultPaymentMethod(c, customer, sub);
      if (!pm && inv.amount_due > 0) {
        const pi = inv._paymentIntent ? c.emu.store.get("payment_intent", inv._paymentIntent) : undefined;
        if (!pi?.payment_method) {
          throw invalidRequest("This customer has no attached payment source or default payment method. Please consider adding a default payment method.", { code: "invoice_no_customer_line_items" } );
        }
      }
      const fallback = pm ?? (() => {
        const pi = inv._paymentIntent ? c.emu.store.get("payment_intent", inv._paymentIntent) : undefined;
        return pi?.payment_method ? (c.emu.store.get("payment_method", pi.payment_method) ?? null) : null;
      })();
      const outcome = attemptInvoicePayment(c, inv, fallback, c.p.bool("off_session") ?? true);
      if (outcome?.kind === "declined") throw outcome.error;
      if (outcome?.kind === "requires_action") {
        throw new StripeLocalError(402, {
          type: "card_error",
          code: "invoice_payment_intent_requires_action",
          message: "This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.",
        });
      }
      return out(c, inv);
    },
  },
  {
    method: "POST",
    path: "/v1/invoices/:id/void",
    params: {},
    handler: (c) => {
      const inv = load(c, "invoice", c.path.id ?? "");
      voidInvoice(c, inv);
      return out(c, inv);
    },
  },
  {
    method: "POST",
    path: "/v1/invoices/:id/mark_uncollectible",
    params: {},
    handler: (c) => {
      const inv = load(c, "invoice", c.path.id ?? "");
      if (inv.status !== "open") throw invalidRequest("Only open invoices can be marked uncollectible.", { code: "invoice_not_editable" });
      updateWithEvent(c, "invoice.updated", inv, () => {
        inv.status = "uncollectible";
        inv.next_payment_attempt = null;
        inv.status_transitions.marked_uncollectible_at = c.emu.store.now(inv.test_clock);
      });
      emit(c, "invoice.marked_uncollectible", inv);
      return out(c, inv);
    },
  },
  {
    method: "GET",
    path: "/v1/invoices/:id/lines",
    params: LIST_PARAMS,
    handler: (c) => {
      const inv = load(c, "invoice", c.path.id ?? "");
      const page = paginate([...inv.lines.data], c.p, `/v1/invoices/${inv.id}/lines`);
      return expand(c.emu.store, render(page), c.expand);
    },
  },
  {
    method: "POST",
    path: "/v1/invoices/create_preview",
    params: {
      customer: true,
      subscription: true,
      subscription_details: {
        items: [ITEM_SPEC],
        proration_behavior: true,
        proration_date: true,
        cancel_at_period_end: true,
        cancel_at: true,
        trial_end: true,
        default_tax_rates: "any",
        billing_cycle_anchor: true,
        resume_at: true,
        start_date: true,
      },
      automatic_tax: { enabled: true, liability: "any" },
      customer_details: { address: { city: true, country: true, line1: true, line2: true, postal_code: true, state: true }, tax_exempt: true, shipping: "any", tax: "any", tax_ids: "any" },
      discounts: "any",
      invoice_items: "any",
      preview_mode: true,
      currency: true,
      issuer: "any",
    },
    handler: (c) => {
      const mode = previewModeOf(c);
      const subId = c.p.str("subscription");
      const details = c.p.obj("subscription_details");
      const sub = subId ? load(c, "subscription", subId, "subscription") : undefined;
      const customerId = c.p.str("customer") || sub?.customer;
      const customerDetails = c.p.obj("customer_details");
      if (!customerId && !customerDetails) throw parameterMissing("customer");
      const stored = customerId ? load(c, "customer", customerId, "customer") : undefined;
      if (sub && stored && sub.customer !== stored.id) throw invalidRequest("The subscription does not belong to this customer.", { param: "subscription" });
      // `customer_details` stands in for the customer's address and exemption in this preview only (a checkout
      // previewing tax for an address being typed); without `customer` it describes a customer not created yet.
      const customer = customerDetails ? previewCustomer(c, stored, customerDetails) : stored;
      if (!customer) throw parameterMissing("customer");
      const now = c.emu.store.now(customer.test_clock);
      const behavior = details ? readProrationBehavior(details) : "create_prorations";
      // Stripe refuses a proration date for a change that makes no prorations.
      if (behavior === "none" && details?.has("proration_date")) {
        throw invalidRequest("`subscription_details[proration_date]` cannot be set when `subscription_details[proration_behavior]` is `none`.", {
          param: "subscription_details[proration_date]",
        });
      }
      const pd = details ? readTimestamp(details, "proration_date", now) : undefined;
      const prorationDate = pd === "now" ? now : pd;
      const itemParams = details?.list("items") ?? [];
      let lines: LineSpec[];
      let period: { start: number; end: number };
      if (sub) {
        if (sub.status === "canceled" || sub.status === "incomplete_expired") {
          throw invalidRequest("No upcoming invoices for a canceled subscription.", { code: "invoice_upcoming_none" });
        }
        const plans = itemParams.length ? resolveAgainst(sub, readItemPlans(c, itemParams, "subscription_details[items]")) : [];
        const plan = planSubscriptionUpdate(c, sub, plans, behavior, prorationDate);
        ({ lines, period } = previewLines(c, sub, plan, behavior));
        // `recurring`: the subscription's recurring charges alone, without pending invoice items or prorations
        // (`next`, the default, is the next invoice as it will be raised, with both).
        if (mode === "recurring") lines = lines.filter((line) => line.invoiceItem === null && !line.proration);
      } else {
        if (itemParams.length === 0) throw parameterMissing("subscription_details[items]");
        const plans = resolveAgainst(null, readItemPlans(c, itemParams, "subscription_details[items]"));
        lines = plans.map((p, i) => {
          const r = p.price.recurring;
          const end = r ? nextBoundary(now, now, r.interval, r.interval_count) : now;
          return {
            amount: p.price.unit_amount * p.quantity,
            price: p.price,
            quantity: p.quantity,
            period: { start: now, end },
            description: `${p.quantity} × ${c.emu.store.get("product", p.price.product)?.name ?? p.price.product}`,
            proration: false,
            subscription: null,
            subscriptionItem: `si_preview_${i}`,
            invoiceItem: null,
          };
        });
        period = { start: now, end: now };
      }
      // `discounts[]` replaces the subscription's own for the preview; nothing is redeemed.
      const sources = readDiscountSources(c, c.p);
      const currency = lines[0]?.price.currency ?? sub?.currency ?? "usd";
      const itemsForMinimum = itemParams.length ? resolveAgainst(sub ?? null, readItemPlans(c, itemParams, "subscription_details[items]")) : (sub?.items.data ?? []);
      for (const source of sources ?? []) assertRedeemable(c, source, { customer, amount: listAmount(itemsForMinimum), currency, now });
      const discounts = sources?.map((source) => redeemDiscount(c, source, { customer: customer.id, subscription: sub?.id ?? null, start: now, persist: false }));
      // A subscription's preview taxes as the subscription does unless `automatic_tax` says otherwise.
      const automaticTax = readAutomaticTax(c.p) ?? sub?.automatic_tax.enabled ?? false;
      const inv = buildInvoice(c, { customer, sub: sub ?? null, billingReason: sub ? "upcoming" : "manual", lines, period, id: `upcoming_in_${randomToken(24)}`, discounts, automaticTax });
      const totals = previewTotals(c, customer, sub ?? null, lines, discounts, automaticTax);
      inv.amount_due = totals.amount_due;
      inv.amount_remaining = totals.amount_due;
      inv.starting_balance = totals.starting_balance;
      inv.ending_balance = totals.ending_balance;
      inv.next_payment_attempt = sub ? (sub.items.data[0]?.current_period_end ?? null) : null;
      return expand(c.emu.store, render(inv), c.expand);
    },
  },
  {
    method: "GET",
    path: "/v1/invoiceitems",
    params: { ...LIST_PARAMS, customer: true, invoice: true, pending: true, created: "any" },
    handler: (c) => {
      const customer = c.p.str("customer");
      const invoice = c.p.str("invoice");
      const pending = c.p.bool("pending");
      return outList(
        c,
        c.emu.store.all(
          "invoiceitem",
          (i) => (!customer || i.customer === customer) && (!invoice || i.invoice === invoice) && (pending === undefined || (i.invoice === null) === pending),
        ),
        "/v1/invoiceitems",
      );
    },
  },
  { method: "GET", path: "/v1/invoiceitems/:id", params: {}, handler: (c) => out(c, load(c, "invoiceitem", c.path.id ?? "")) },
  {
    method: "GET",
    path: "/v1/invoice_payments",
    params: { ...LIST_PARAMS, invoice: true, payment: { type: true, payment_intent: true, payment_record: true }, status: true, created: "any" },
    handler: (c) => {
      const invoice = c.p.str("invoice");
      const payment = c.p.obj("payment");
      const pi = payment?.str("payment_intent");
      const status = c.p.str("status");
      return outList(
        c,
        c.emu.store.all(
          "invoice_payment",
          (p) => (!invoice || p.invoice === invoice) && (!pi || p.payment.payment_intent === pi) && (!status || p.status === status),
        ),
        "/v1/invoice_payments",
      );
    },
  },
  { method: "GET", path: "/v1/invoice_payments/:id", params: {}, handler: (c) => out(c, load(c, "invoice_payment", c.path.id ?? "")) },
];

/**
 * The customer a preview with `customer_details` taxes: the stored one with the details' address (and exemption) in
 * place of its own, or a customer not created yet (no tax IDs, no balance). `tax_ids` given replace the customer's
 * own for this preview, validated as `POST /v1/customers/:id/tax_ids` validates them (a malformed one is the same
 * `tax_id_invalid`). Nothing is stored.
 */
function previewCustomer(c: HandlerCtx, stored: Customer | undefined, details: Params): Customer {
  const address = readAddress(details);
  const taxExempt = readTaxExempt(details);
  const base = stored ?? customerRecord({ id: `cus_preview_${randomToken(14)}`, created: c.emu.store.now(null), test_clock: null });
  const customer = { ...base, address: address ?? base.address, tax_exempt: taxExempt ?? base.tax_exempt };
  if (!details.has("tax_ids")) return customer;
  const taxIds = details.list("tax_ids").map((t, i) => {
    const param = `customer_details[tax_ids][${i}]`;
    const type = t.str("type");
    const value = t.str("value");
    if (!type) throw parameterMissing(`${param}[type]`);
    if (!value) throw parameterMissing(`${param}[value]`);
    return taxIdRecord(c, customer, type, value, param);
  });
  return withPreviewTaxIds(customer, taxIds);
}
