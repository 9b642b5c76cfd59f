import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** An admin's retry of an open invoice; the caller's idempotency key makes a double click one attempt. */
export function payInvoice(invoiceId: string, idempotencyKey: string): Promise<Stripe.Invoice> {
  return getStripe().invoices.pay(invoiceId, {}, { idempotencyKey });
}
