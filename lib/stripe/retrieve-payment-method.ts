import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

export function retrievePaymentMethod(id: string): Promise<Stripe.PaymentMethod> {
  return getStripe().paymentMethods.retrieve(id);
}
