import "server-only";
import { handleStripeEvent, WEBHOOK_OUTCOME_HEADER } from "./handle-stripe-event";
import { recordWebhookRejection } from "./rejection-counter";
import { MAX_WEBHOOK_BODY_BYTES, verifyStripeWebhook } from "./verify-stripe-webhook";

/** One delivery as any transport sees it: the signature header, and a body reader that gives up past `maxBytes`. */
export type IncomingDelivery = {
  signature: string | null;
  /** The body as UTF-8 text, or null when it is (or declares itself) larger than `maxBytes`. */
  readBody: (maxBytes: number) => Promise<string | null>;
};

/** The answer, transport-neutral: the route makes a Response of it, the production server writes it to node:http. */
export type DeliveryAnswer = { status: number; headers: Record<string, string>; body: string | null };

const errorAnswer = (status: number, error: string): DeliveryAnswer => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error }),
});

/**
 * Stripe's deliveries: verify the signature on the raw body, hand the event to the dispatcher, answer. 400 writes
 * nothing; 413 past 1 MiB; 500 makes Stripe retry. The one implementation behind both entries:
 * app/api/webhooks/stripe/route.ts (under `next dev` and on platforms that only run Next) and the production
 * server's fast path (server/production-server.mjs).
 */
export async function acceptStripeDelivery(delivery: IncomingDelivery): Promise<DeliveryAnswer> {
  const body = await delivery.readBody(MAX_WEBHOOK_BODY_BYTES);
  if (body === null) {
    recordWebhookRejection("Payload too large");
    return errorAnswer(413, "Payload too large");
  }

  const verified = verifyStripeWebhook(body, delivery.signature);
  if (!verified.ok) {
    recordWebhookRejection(verified.error);
    return errorAnswer(400, verified.error);
  }

  const result = await handleStripeEvent(verified.event, "webhook", { logAfterAnswer: true });
  if (result.outcome === "failed") return errorAnswer(500, "Event processing failed");
  // Stripe reads only the status. An empty body spares a response stream per delivery (≈ 0.4 ms of CPU through
  // Next in `npm run bench:webhooks`); the outcome rides in a header for logs, tests and curl users.
  return { status: 200, headers: { [WEBHOOK_OUTCOME_HEADER]: result.outcome }, body: null };
}
