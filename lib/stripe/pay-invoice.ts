import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** An admin's retry is keyed by the invoice row and the form's request id: a double click is one attempt. */
export function adminRetryIdempotencyKey(invoiceRowId: string, requestId: string): string {
  return `admin-retry:${invoiceRowId}:${requestId}`;
}

/** Pays an open invoice now. Failures are raised as Stripe's own errors: a decline is an answer the caller records. */
export function payInvoice(invoiceId: string, idempotencyKey: string): Promise<Stripe.Invoice> {
  return getStripe().invoices.pay(invoiceId, {}, { idempotencyKey });
}
