// Charges (read-only) and refunds, full and partial.

import { invalidRequest } from "../errors";
import { emit, updateWithEvent } from "../events";
import { applyMetadata } from "../params";
import { LIST_PARAMS } from "../pagination";
import { out, outList, type Route } from "../router";
import { newId } from "../store";
import type { Refund } from "../types";
import { load } from "./lookup";

export const chargeRoutes: Route[] = [
  { method: "GET", path: "/v1/charges/:id", params: {}, handler: (c) => out(c, load(c, "charge", c.path.id ?? "")) },
  {
    method: "GET",
    path: "/v1/charges",
    params: { ...LIST_PARAMS, customer: true, payment_intent: true, created: "any", transfer_group: true },
    handler: (c) => {
      const customer = c.p.str("customer");
      const pi = c.p.str("payment_intent");
      return outList(c, c.emu.store.all("charge", (x) => (!customer || x.customer === customer) && (!pi || x.payment_intent === pi)), "/v1/charges");
    },
  },
  {
    method: "POST",
    path: "/v1/charges/:id",
    params: { metadata: "hash", description: true },
    handler: (c) => {
      const ch = load(c, "charge", c.path.id ?? "");
      updateWithEvent(c, "charge.updated", ch, () => {
        ch.metadata = applyMetadata(ch.metadata, c.p.metadataPatch());
        if (c.p.has("description")) ch.description = c.p.str("description") || null;
      });
      return out(c, ch);
    },
  },
  {
    method: "POST",
    path: "/v1/refunds",
    params: { charge: true, payment_intent: true, amount: true, reason: true, metadata: "hash", instructions_email: true },
    handler: (c) => {
      const chargeId = c.p.str("charge");
      const piId = c.p.str("payment_intent");
      if (!chargeId && !piId) throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", { code: "parameter_missing" });
      let ch = chargeId ? load(c, "charge", chargeId, "charge") : undefined;
      if (!ch && piId) {
        const pi = load(c, "payment_intent", piId, "payment_intent");
        ch = pi.latest_charge ? c.emu.store.get("charge", pi.latest_charge) : undefined;
        if (!ch || pi.status !== "succeeded") {
          throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: "charge_not_refundable" });
        }
      }
      if (!ch) throw invalidRequest("No charge to refund.", { param: "charge" });
      if (ch.status !== "succeeded" || !ch.captured) throw invalidRequest(`Charge ${ch.id} has not been captured or did not succeed.`, { code: "charge_not_refundable" });
      const remaining = ch.amount_captured - ch.amount_refunded;
      const amount = c.p.int("amount") ?? remaining;
      if (remaining <= 0) throw invalidRequest(`Charge ${ch.id} has already been refunded.`, { code: "charge_already_refunded" });
      if (amount < 1 || amount > remaining) {
        throw invalidRequest(`Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`, {
          param: "amount",
          code: "amount_too_large",
        });
      }
      const reason = c.p.str("reason") || null;
      if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
        throw invalidRequest("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", { param: "reason", code: "parameter_invalid_string" });
      }
      const clock = ch.customer ? (c.emu.store.get("customer", ch.customer)?.test_clock ?? null) : null;
      const refund: Refund = {
        id: newId("re"),
        object: "refund",
        customer: ch.customer,
        customer_account: null,
        // A card refund before the charge settles (the same day) reverses the authorisation; later it is a refund.
        destination_details: { card: { type: c.emu.store.now(clock) - ch.created < 86_400 ? "reversal" : "refund" }, type: "card" },
        payment_method: ch.payment_method,
        receipt_number: null,
        source_transfer_reversal: null,
        transfer_reversal: null,
        amount,
        balance_transaction: null,
        charge: ch.id,
        created: c.emu.store.now(clock),
        currency: ch.currency,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        payment_intent: ch.payment_intent,
        reason,
        status: "succeeded",
      };
      c.emu.store.insert(refund);
      emit(c, "refund.created", refund);
      const charge = ch;
      updateWithEvent(c, "charge.refunded", charge, () => {
        charge.amount_refunded += amount;
        charge.refunded = charge.amount_refunded >= charge.amount_captured;
      });
      return out(c, refund);
    },
  },
  { method: "GET", path: "/v1/refunds/:id", params: {}, handler: (c) => out(c, load(c, "refund", c.path.id ?? "")) },
  {
    method: "GET",
    path: "/v1/refunds",
    params: { ...LIST_PARAMS, charge: true, payment_intent: true, created: "any" },
    handler: (c) => {
      const charge = c.p.str("charge");
      const pi = c.p.str("payment_intent");
      return outList(c, c.emu.store.all("refund", (x) => (!charge || x.charge === charge) && (!pi || x.payment_intent === pi)), "/v1/refunds");
    },
  },
];
