import "server-only";
import type Stripe from "stripe";
import { automaticTaxParams } from "./automatic-tax";
import { getStripe } from "./client";

/** The invoice Stripe would raise (a plan change's, or the next renewal's), taxed as the charge will be; a read, so no idempotency key. */
export function previewInvoice(params: Stripe.InvoiceCreatePreviewParams): Promise<Stripe.Invoice> {
  return getStripe().invoices.createPreview({ ...automaticTaxParams(), ...params });
}
