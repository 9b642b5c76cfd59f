// API versions (spec: Stripe renders every event in the API version of the endpoint that receives it, or in the
// account's default version for endpoints without one, the Events API and `stripe listen` without --latest).
// Objects are stored in the current version's shape; older shapes are derived at render time, for the
// differences the app's mappers depend on.

import { API_VERSION } from "./context";
import { invalidRequest } from "./errors";
import type { JsonObject, Json } from "./render";

/** Versions an endpoint or the account may be set to (Stripe's list from 2022-11-15 on). */
export const KNOWN_API_VERSIONS: readonly string[] = [
  "2022-11-15", "2023-08-16", "2023-10-16", "2024-04-10", "2024-06-20",
  "2024-09-30.acacia", "2024-10-28.acacia", "2024-11-20.acacia", "2024-12-18.acacia", "2025-01-27.acacia", "2025-02-24.acacia",
  "2025-03-31.basil", "2025-04-30.basil", "2025-05-28.basil", "2025-06-30.basil", "2025-07-30.basil", "2025-08-27.basil",
  "2025-09-30.clover", "2025-10-29.clover", "2025-11-17.clover", "2025-12-15.clover", "2026-01-28.clover", "2026-02-25.clover",
  "2026-03-25.dahlia", "2026-04-22.dahlia", "2026-05-27.dahlia", "2026-06-24.dahlia", "2026-07-29.dahlia", "2026-08-26.dahlia",
  "2026-09-30.endive", API_VERSION,
];

export function assertKnownVersion(version: string, param: string): void {
  if (!KNOWN_API_VERSIONS.includes(version)) {
    throw invalidRequest(`Invalid API version: ${version}.`, { param, code: "parameter_invalid_string" });
  }
}

/** 2025-03-31.basil moved the invoice's subscription under `parent` and the billing period onto items. */
const BASIL = "2025-03-31";

function before(version: string, date: string): boolean {
  return version.slice(0, 10) < date;
}

function obj(value: Json | undefined): JsonObject | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
}

/** `json` (a rendered object in the current version) as `version` renders it. */
export function renderForVersion(json: JsonObject, version: string): JsonObject {
  if (!before(version, BASIL)) return json;
  const out: JsonObject = { ...json };
  if (json.object === "invoice") {
    const details = obj(obj(json.parent)?.subscription_details);
    out.subscription = details?.subscription ?? null;
    out.subscription_details = details ? { metadata: details.metadata ?? null } : null;
    delete out.parent;
    out.paid = json.status === "paid";
  }
  if (json.object === "subscription") {
    const items = obj(json.items);
    const data = Array.isArray(items?.data) ? items.data : [];
    const first = obj(data[0]);
    out.current_period_start = first?.current_period_start ?? null;
    out.current_period_end = first?.current_period_end ?? null;
    if (items) {
      out.items = {
        ...items,
        data: data.map((item) => {
          const copy = { ...(obj(item) ?? {}) };
          delete copy.current_period_start;
          delete copy.current_period_end;
          return copy;
        }),
      };
    }
  }
  return out;
}

/** An event as an endpoint (or the Events API) at `version` receives it. */
export function renderEventForVersion(event: JsonObject, version: string): JsonObject {
  if (version === event.api_version) return event;
  const data = obj(event.data) ?? {};
  const object = obj(data.object) ?? {};
  const previous = obj(data.previous_attributes);
  return {
    ...event,
    api_version: version,
    data: {
      object: renderForVersion(object, version),
      ...(previous && { previous_attributes: renderPrevious(object, previous, version) }),
    },
  };
}

/** previous_attributes in the old shape: the period moves to the top level with the object it came from. */
function renderPrevious(object: JsonObject, previous: JsonObject, version: string): JsonObject {
  if (!before(version, BASIL) || object.object !== "subscription") return previous;
  const items = obj(previous.items);
  const first = obj(Array.isArray(items?.data) ? items.data[0] : undefined);
  const out: JsonObject = { ...previous };
  if (first && "current_period_start" in first) out.current_period_start = first.current_period_start ?? null;
  if (first && "current_period_end" in first) out.current_period_end = first.current_period_end ?? null;
  return out;
}

