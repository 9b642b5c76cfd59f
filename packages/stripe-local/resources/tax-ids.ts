// A customer's tax IDs (create, retrieve, list, delete), validated and verified by the rule in ../tax.ts.

import type { Ctx } from "../context";
import { invalidRequest } from "../errors";
import { emit } from "../events";
import { LIST_PARAMS } from "../pagination";
import { deleted, out, outList, type HandlerCtx, type Route } from "../router";
import { newId } from "../store";
import { parseTaxId, verificationStatus } from "../tax";
import type { Customer, TaxId } from "../types";
import { load } from "./lookup";

/** Stripe allows at most 25 tax IDs per customer. */
const MAX_TAX_IDS = 25;

export function createTaxId(c: Ctx, customer: Customer, type: string, rawValue: string, param = "value"): TaxId {
  const taxId = taxIdRecord(c, customer, type, rawValue);
  if (c.emu.store.all("tax_id", (t) => t.customer === customer.id).length >= MAX_TAX_IDS) {
    throw invalidRequest(`A customer can have at most ${MAX_TAX_IDS} tax IDs.`, { param });
  }
  c.emu.store.insert(taxId);
  emit(c, "customer.tax_id.created", taxId);
  return taxId;
}

/**
 * A validated, verified tax ID of this customer, not stored: what createTaxId stores, and what an invoice preview's
 * `customer_details[tax_ids]` stands for (so both are checked and reverse-charged by the same rule).
 */
export function taxIdRecord(c: Ctx, customer: Customer, type: string, rawValue: string, paramPrefix = ""): TaxId {
  const { value, country } = parseTaxId(type, rawValue, paramPrefix);
  return {
    id: newId("txi"),
    object: "tax_id",
    country,
    created: c.emu.store.now(customer.test_clock),
    customer: customer.id,
    customer_account: null,
    livemode: false,
    owner: { customer: customer.id, customer_account: null, type: "customer" },
    type,
    value,
    verification: { status: verificationStatus(value), verified_address: null, verified_name: null },
  };
}

function loadOwn(c: HandlerCtx): { customer: Customer; taxId: TaxId } {
  const customer = load(c, "customer", c.path.id ?? "", "customer");
  const taxId = c.emu.store.get("tax_id", c.path.taxId ?? "");
  if (!taxId || taxId.customer !== customer.id) throw invalidRequest(`No such tax_id: '${c.path.taxId ?? ""}'`, { code: "resource_missing", param: "id", status: 404 });
  return { customer, taxId };
}

export const taxIdRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/customers/:id/tax_ids",
    params: { type: true, value: true },
    handler: (c) => {
      const customer = load(c, "customer", c.path.id ?? "", "customer");
      return out(c, createTaxId(c, customer, c.p.reqStr("type"), c.p.reqStr("value")));
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/tax_ids",
    params: LIST_PARAMS,
    handler: (c) => {
      const customer = load(c, "customer", c.path.id ?? "", "customer");
      return outList(c, c.emu.store.all("tax_id", (t) => t.customer === customer.id), `/v1/customers/${customer.id}/tax_ids`);
    },
  },
  { method: "GET", path: "/v1/customers/:id/tax_ids/:taxId", params: {}, handler: (c) => out(c, loadOwn(c).taxId) },
  {
    method: "DELETE",
    path: "/v1/customers/:id/tax_ids/:taxId",
    params: {},
    handler: (c) => {
      const { taxId } = loadOwn(c);
      c.emu.store.delete(taxId.id);
      emit(c, "customer.tax_id.deleted", taxId);
      return deleted(taxId.id, "tax_id");
    },
  },
];
