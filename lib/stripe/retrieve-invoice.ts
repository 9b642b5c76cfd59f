import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

export function retrieveInvoice(id: string): Promise<Stripe.Invoice> {
  return getStripe().invoices.retrieve(id);
}
