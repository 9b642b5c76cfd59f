import "server-only";
import type Stripe from "stripe";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncSubscription } from "../sync/sync-subscription";

export async function customerSubscriptionPaused(
  event: Stripe.CustomerSubscriptionPausedEvent,
  ctx: HandlerContext,
): Promise<HandlerResult> {
  return syncSubscription(ctx, event.data.object);
}
