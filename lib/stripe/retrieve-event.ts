import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** An event as Stripe stores it (replays and the API-version check read it again rather than trust a copy). */
export function retrieveEvent(id: string): Promise<Stripe.Event> {
  return getStripe().events.retrieve(id);
}
