import "server-only";
import type Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { constructWebhookEvent } from "@/lib/stripe/construct-webhook-event";

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type VerifyResult = { ok: true; event: Stripe.Event } | { ok: false; error: string };

/**
 * Checks `Stripe-Signature` against the current secret and, while one is being rolled, the previous one.
 * Stale timestamps (> 300 s) fail like a wrong signature. Never throws.
 */
export function verifyStripeWebhook(body: string, signature: string | null): VerifyResult {
  if (!signature) return { ok: false, error: "Missing Stripe-Signature header" };
  const env = getEnv();
  const secrets = [env.STRIPE_WEBHOOK_SECRET, env.STRIPE_WEBHOOK_SECRET_PREVIOUS].filter(
    (secret): secret is string => typeof secret === "string",
  );
  if (secrets.length === 0) return { ok: false, error: "Webhook secret not configured" };
  let event: Stripe.Event;
  try {
    event = constructWebhookEvent(body, signature, secrets);
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, error: "Malformed JSON payload" };
    return { ok: false, error: "Invalid signature" };
  }
  if (!isEventShape(event)) return { ok: false, error: "Malformed event payload" };
  return { ok: true, event };
}

function isEventShape(value: unknown): value is Stripe.Event {
  if (!value || typeof value !== "object") return false;
  const event = value as Record<string, unknown>;
  const data = event.data as Record<string, unknown> | null | undefined;
  return (
    typeof event.id === "string" &&
    typeof event.type === "string" &&
    typeof event.created === "number" &&
    !!data &&
    typeof data === "object" &&
    !!data.object &&
    typeof data.object === "object"
  );
}
