// Turns stored objects into response JSON: strips internal fields, expands ids (`expand[]`, up to 4 levels),
// and fills the fields Stripe only includes on request (invoice.confirmation_secret, charge.refunds, …).

import { invalidRequest } from "./errors";
import type { Store } from "./store";
import type { AnyObject } from "./types";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function render(obj: AnyObject | object): JsonObject {
  return JSON.parse(JSON.stringify(obj, (k, v: unknown) => (k.startsWith("_") ? undefined : v))) as JsonObject;
}

function listOf(data: JsonObject[], url: string): JsonObject {
  return { object: "list", data, has_more: false, total_count: data.length, url };
}

/** Fields absent unless expanded. */
function includable(store: Store, obj: JsonObject, field: string): Json | undefined {
  const id = typeof obj.id === "string" ? obj.id : "";
  switch (`${String(obj.object)}.${field}`) {
    case "invoice.confirmation_secret": {
      const inv = store.get("invoice", id);
      const pi = inv?._paymentIntent ? store.get("payment_intent", inv._paymentIntent) : undefined;
      return pi && inv?.status === "open" ? { client_secret: pi.client_secret, type: "payment_intent" } : null;
    }
    case "invoice.payments":
      return listOf(store.all("invoice_payment", (p) => p.invoice === id).map(render), `/v1/invoice_payments?invoice=${id}`);
    case "charge.refunds":
      return listOf(store.all("refund", (r) => r.charge === id).map(render), `/v1/charges/${id}/refunds`);
    case "customer.subscriptions":
      return listOf(
        store.all("subscription", (s) => s.customer === id && s.status !== "canceled" && s.status !== "incomplete_expired").map(render),
        `/v1/customers/${id}/subscriptions`,
      );
    default:
      return undefined;
  }
}

function expandOne(store: Store, target: Json, segs: string[], full: string): void {
  if (target === null || typeof target !== "object") return;
  if (Array.isArray(target)) {
    for (const item of target) expandOne(store, item, segs, full);
    return;
  }
  const [seg, ...rest] = segs;
  if (seg === undefined) return;
  if (target.object === "list" && seg === "data") {
    expandOne(store, target.data ?? null, rest, full);
    return;
  }
  let value = target[seg];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    // Lists of ids (`invoice.discounts`) expand element by element.
    value = value.map((id) => {
      const found = store.getAny(id as string);
      return found ? render(found) : id;
    });
    target[seg] = value;
  } else if (typeof value === "string") {
    const found = store.getAny(value);
    if (found) {
      value = render(found);
      target[seg] = value;
    }
  } else if (value === undefined) {
    const computed = includable(store, target, seg);
    if (computed === undefined) {
      throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
    }
    value = computed;
    target[seg] = value;
  }
  if (rest.length > 0) expandOne(store, value ?? null, rest, full);
}

export function expand(store: Store, json: JsonObject, paths: string[]): JsonObject {
  for (const path of paths) {
    if (!path) continue;
    const segs = path.split(".");
    if (segs.length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, { param: "expand" });
    }
    expandOne(store, json, segs, path);
  }
  return json;
}
