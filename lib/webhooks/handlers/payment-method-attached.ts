import "server-only";
import type Stripe from "stripe";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncPaymentMethod } from "../sync/sync-payment-method";

export async function paymentMethodAttached(
  event: Stripe.PaymentMethodAttachedEvent,
  ctx: HandlerContext,
): Promise<HandlerResult> {
  return syncPaymentMethod(ctx, event.data.object);
}
