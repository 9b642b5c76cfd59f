import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { findWebhookEndpoint } from "./webhook-endpoint";

/** This app's webhook endpoint (matched by URL) as the process's own client sees it. */
export function findOwnWebhookEndpoint(url: string): Promise<Stripe.WebhookEndpoint | null> {
  return findWebhookEndpoint(getStripe(), url);
}
