import "server-only";
import type Stripe from "stripe";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncInvoice } from "../sync/sync-invoice";

export async function invoiceCreated(event: Stripe.InvoiceCreatedEvent, ctx: HandlerContext): Promise<HandlerResult> {
  return syncInvoice(ctx, event.data.object);
}
