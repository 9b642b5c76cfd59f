// Cursor pagination over a newest-first array, as Stripe's list endpoints do it.

import { invalidRequest } from "./errors";
import type { Params } from "./params";
import type { Base, List } from "./types";

export const LIST_PARAMS = { limit: true, starting_after: true, ending_before: true, expand: [true] } as const;

export function paginate<T extends Base>(items: T[], p: Params, url: string): List<T> {
  const limit = p.int("limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest("Invalid integer: limit must be between 1 and 100.", { code: "parameter_invalid_integer", param: "limit" });
  }
  const after = p.str("starting_after");
  const before = p.str("ending_before");
  if (after) {
    const i = items.findIndex((o) => o.id === after);
    if (i === -1) throw invalidRequest(`No such object: '${after}'`, { code: "resource_missing", param: "starting_after", status: 404 });
    const rest = items.slice(i + 1);
    return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (before) {
    const i = items.findIndex((o) => o.id === before);
    if (i === -1) throw invalidRequest(`No such object: '${before}'`, { code: "resource_missing", param: "ending_before", status: 404 });
    const head = items.slice(0, i);
    return { object: "list", data: head.slice(Math.max(0, head.length - limit)), has_more: head.length > limit, url };
  }
  return { object: "list", data: items.slice(0, limit), has_more: items.length > limit, url };
}

/** `created=…` or `created[gt|gte|lt|lte]=…`, as every list endpoint accepts. */
export function createdFilter(p: Params): (created: number) => boolean {
  const v = p.raw.created;
  if (v === undefined || v === "") return () => true;
  if (typeof v === "string") {
    const n = p.int("created");
    return (t) => t === n;
  }
  const r = p.obj("created");
  const gt = r?.int("gt");
  const gte = r?.int("gte");
  const lt = r?.int("lt");
  const lte = r?.int("lte");
  return (t) => (gt === undefined || t > gt) && (gte === undefined || t >= gte) && (lt === undefined || t < lt) && (lte === undefined || t <= lte);
}
