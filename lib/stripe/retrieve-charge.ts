import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

export function retrieveCharge(id: string): Promise<Stripe.Charge> {
  return getStripe().charges.retrieve(id);
}
