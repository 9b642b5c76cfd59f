import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** Verifies a webhook against each configured secret in turn (two while a secret is being rolled). */
export function constructWebhookEvent(body: string, signature: string, secrets: readonly string[]): Stripe.Event {
  let lastError: unknown = new Error("No webhook secret configured");
  for (const secret of secrets) {
    try {
      return getStripe().webhooks.constructEvent(body, signature, secret, 300);
    } catch (error) {
      // A signature that matched but a body that is not JSON: no other secret will change that.
      if (error instanceof SyntaxError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
