import "server-only";
import { getStripe } from "./client";
import { isInvalidRequest } from "./stripe-errors";

/** Expires a customer's open Checkout Sessions, each keyed by its id; completed or expired meanwhile is skipped. */
export async function expireOpenCheckoutSessions(customerId: string): Promise<string[]> {
  const stripe = getStripe();
  const expired: string[] = [];
  for await (const session of stripe.checkout.sessions.list({ customer: customerId, status: "open", limit: 100 })) {
    try {
      await stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: `close-attempt-expire:${session.id}` });
      expired.push(session.id);
    } catch (error) {
      if (isInvalidRequest(error)) continue;
      throw error;
    }
  }
  return expired;
}
