// Records an event for a state change (spec §2): the full object at that moment, previous_attributes on
// updates, the originating request, and hands it to webhook delivery.

import { API_VERSION, type Ctx } from "./context";
import { render, type Json, type JsonObject } from "./render";
import { newId, type Store } from "./store";
import type { AnyObject, StripeEvent } from "./types";

/** The test clock an object lives on, through its own field or its customer's. */
export function clockOf(store: Store, obj: AnyObject): string | null {
  if ("test_clock" in obj && typeof obj.test_clock === "string") return obj.test_clock;
  if (obj.object === "test_helpers.test_clock") return obj.id;
  if ("customer" in obj && typeof obj.customer === "string") {
    return store.get("customer", obj.customer)?.test_clock ?? null;
  }
  // Refunds and invoice payments name no customer; they live on the clock of the object they belong to,
  // or their events would be stamped with real time and look older than the rest of the customer's.
  for (const parent of PARENT_LINKS) {
    const id = (obj as unknown as Record<string, unknown>)[parent];
    if (typeof id !== "string") continue;
    const owner = store.get(parent, id);
    if (owner) return clockOf(store, owner);
  }
  return null;
}

const PARENT_LINKS = ["charge", "payment_intent", "invoice"] as const;

function isPlainObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v) && v.object === undefined;
}

/** Stripe's previous_attributes: the old values of what changed, recursing into plain sub-hashes. */
export function diffPrevious(before: JsonObject, after: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (isPlainObject(a) && isPlainObject(b)) out[key] = diffPrevious(a, b);
    else out[key] = a === undefined ? null : a;
  }
  return out;
}

export function emit(ctx: Ctx, type: string, obj: AnyObject, previous?: JsonObject): StripeEvent {
  const { store } = ctx.emu;
  const clock = clockOf(store, obj);
  const event: StripeEvent = {
    id: newId("evt"),
    object: "event",
    api_version: API_VERSION,
    created: store.now(clock),
    data: previous ? { object: render(obj), previous_attributes: previous } : { object: render(obj) },
    livemode: false,
    pending_webhooks: 0,
    request: { ...ctx.req },
    type,
  };
  store.insert(event);
  ctx.emu.deliveries.enqueue(event);
  return event;
}

/** Runs `mutate` on `obj` and emits `type` (an `*.updated`) with previous_attributes if anything changed. */
export function updateWithEvent<T extends AnyObject>(ctx: Ctx, type: string, obj: T, mutate: () => void): boolean {
  const before = render(obj);
  mutate();
  ctx.emu.store.touch();
  const previous = diffPrevious(before, render(obj));
  if (Object.keys(previous).length === 0) return false;
  emit(ctx, type, obj, previous);
  return true;
}
