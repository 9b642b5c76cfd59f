import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** The invoice Stripe would raise (a plan change's, or the next renewal's); a read, so no idempotency key. */
export function previewInvoice(params: Stripe.InvoiceCreatePreviewParams): Promise<Stripe.Invoice> {
  return getStripe().invoices.createPreview(params);
}
