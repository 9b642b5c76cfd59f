import type Stripe from "stripe";
import { redactText } from "@/lib/log";

// The copy of an event the ledger keeps (handled types only): what handlers and replay read — ids, amounts,
// statuses, periods, the invoice number — and nothing personal. Secrets, card numbers and personal fields are
// masked, card details (brand, last four, expiry, fingerprint) are nulled (a handler that needs a card refetches
// it), and a copy larger than MAX_STORED_PAYLOAD_BYTES is replaced by a stub naming the event (replay then
// reads it from Stripe's Events API).

export const MAX_STORED_PAYLOAD_BYTES = 64 * 1024;

/** Keys holding a person's data anywhere in a Stripe object: masked whole. */
const PERSONAL_KEYS = new Set([
  "name",
  "email",
  "phone",
  "address",
  "shipping",
  "billing_details",
  "customer_details",
  "customer_name",
  "customer_email",
  "customer_phone",
  "customer_address",
  "customer_shipping",
  "customer_tax_ids",
  "receipt_email",
  "individual_name",
  "account_holder_name",
]);

/** Card details: nulled, so a mapper reading them writes nothing rather than a mask. */
const CARD_KEYS = new Set(["brand", "display_brand", "last4", "dynamic_last4", "exp_month", "exp_year", "fingerprint", "iin"]);

/** Secrets by key (the rest are caught by their shape in redactText). */
const SECRET_KEYS = new Set(["client_secret", "secret", "cvc", "password", "authorization", "cookie", "stripe-signature"]);

/** Objects whose `number` is a document number (kept: shown on invoices, needed on replay), not a card's. */
const NUMBERED_DOCUMENTS = new Set(["invoice", "credit_note", "quote"]);

const REDACTED = "[redacted]";

// The JSON text of each copy redactPayload made, from the serialisation that measured it: the ledger stores that
// text (payloadJson), so a delivery serialises its payload once, not twice.
const serialised = new WeakMap<object, string>();

export function redactPayload(event: Stripe.Event): Record<string, unknown> {
  const copy = redactObject(event as unknown as Record<string, unknown>, 0);
  const json = JSON.stringify(copy);
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_STORED_PAYLOAD_BYTES) {
    serialised.set(copy, json);
    return copy;
  }
  const object = event.data?.object as { id?: unknown; object?: unknown } | undefined;
  return {
    id: event.id,
    type: event.type,
    created: event.created,
    truncated: true,
    bytes,
    data: { object: { id: typeof object?.id === "string" ? object.id : null, object: typeof object?.object === "string" ? object.object : null } },
  };
}

/** A payload as the ledger's jsonb text: the serialisation redactPayload already made, or a new one. */
export function payloadJson(payload: object): string {
  return serialised.get(payload) ?? JSON.stringify(payload);
}

/** True for a stub stored in place of an oversized payload: not enough to apply the event from. */
export function isTruncatedPayload(payload: unknown): boolean {
  return typeof payload === "object" && payload !== null && (payload as { truncated?: unknown }).truncated === true;
}

function redactAny(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return depth > 12 ? "[depth]" : value.map((item) => redactAny(item, depth + 1));
  if (value && typeof value === "object") return depth > 12 ? "[depth]" : redactObject(value as Record<string, unknown>, depth + 1);
  return value;
}

function redactObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keepsNumber = NUMBERED_DOCUMENTS.has(value.object as string);
  for (const [key, inner] of Object.entries(value)) {
    if (inner === null || inner === undefined) out[key] = inner;
    else if (SECRET_KEYS.has(key) || PERSONAL_KEYS.has(key)) out[key] = REDACTED;
    else if (CARD_KEYS.has(key)) out[key] = null;
    else if (key === "number" && !keepsNumber) out[key] = REDACTED;
    else out[key] = redactAny(inner, depth);
  }
  return out;
}

/** An error as stored on the ledger row and logged: message only, secrets masked, bounded length. */
export function redactError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactText(message).slice(0, 2000);
}
