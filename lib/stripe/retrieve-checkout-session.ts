import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

export function retrieveCheckoutSession(id: string): Promise<Stripe.Checkout.Session> {
  return getStripe().checkout.sessions.retrieve(id);
}
