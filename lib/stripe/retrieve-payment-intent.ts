import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { retrieveCharge } from "./retrieve-charge";

export function retrievePaymentIntent(id: string): Promise<Stripe.PaymentIntent> {
  return getStripe().paymentIntents.retrieve(id);
}

/** The charge behind a PaymentIntent: since API 2022-11-15 only its id, as `latest_charge`. */
export async function retrieveLatestCharge(paymentIntentId: string): Promise<Stripe.Charge | null> {
  const intent = await retrievePaymentIntent(paymentIntentId);
  const charge = intent.latest_charge;
  if (!charge) return null;
  return typeof charge === "string" ? retrieveCharge(charge) : charge;
}
