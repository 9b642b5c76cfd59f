import "server-only";
import { getStripe } from "./client";
import { isInvalidRequest } from "./stripe-errors";

/**
 * Voids an invoice if it is still open, so nothing stays payable; keyed by the invoice. Paid or voided meanwhile
 * (Stripe's 400/404) counts as done. Returns the id when this call voided it.
 */
export async function voidInvoiceIfOpen(invoiceId: string): Promise<string | null> {
  const stripe = getStripe();
  const invoice = await stripe.invoices.retrieve(invoiceId);
  if (invoice.status !== "open") return null;
  try {
    await stripe.invoices.voidInvoice(invoiceId, {}, { idempotencyKey: `close-attempt-void:${invoiceId}` });
    return invoiceId;
  } catch (error) {
    if (isInvalidRequest(error)) return null;
    throw error;
  }
}
