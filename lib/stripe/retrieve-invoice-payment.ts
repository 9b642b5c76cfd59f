import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

export function retrieveInvoicePayment(id: string): Promise<Stripe.InvoicePayment> {
  return getStripe().invoicePayments.retrieve(id);
}
