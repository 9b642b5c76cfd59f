import type Stripe from "stripe";
import { redactText, redactValue } from "@/lib/log";

/**
 * The copy of an event the ledger keeps: client secrets, card numbers, keys and webhook secrets masked,
 * the rest (ids, amounts, statuses) intact so a failed event can be replayed from it.
 */
export function redactPayload(event: Stripe.Event): Record<string, unknown> {
  const copy = redactValue(event);
  return copy && typeof copy === "object" && !Array.isArray(copy) ? (copy as Record<string, unknown>) : {};
}

/** An error as stored on the ledger row and logged: message only, secrets masked, bounded length. */
export function redactError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactText(message).slice(0, 2000);
}
