import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** Events created at or after `since`, oldest first as the admin's gap fill wants them. */
export async function* listEventsSince(since: Date): AsyncGenerator<Stripe.Event> {
  const events: Stripe.Event[] = [];
  // Stripe lists newest first; a gap is bounded by the 30 days Stripe keeps events, so buffering is fine.
  for await (const event of getStripe().events.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
    events.push(event);
  }
  for (let i = events.length - 1; i >= 0; i -= 1) yield events[i] as Stripe.Event;
}
