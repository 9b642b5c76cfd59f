import "server-only";
import type Stripe from "stripe";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncInvoice } from "../sync/sync-invoice";

export async function invoiceMarkedUncollectible(event: Stripe.InvoiceMarkedUncollectibleEvent, ctx: HandlerContext): Promise<HandlerResult> {
  return syncInvoice(ctx, event.data.object);
}
