import "server-only";
import type Stripe from "stripe";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncPayment } from "../sync/sync-payment";

export async function chargeUpdated(event: Stripe.ChargeUpdatedEvent, ctx: HandlerContext): Promise<HandlerResult> {
  const { tenantId } = await syncPayment(ctx, event.data.object);
  return { tenantId };
}
