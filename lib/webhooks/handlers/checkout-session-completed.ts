import "server-only";
import type Stripe from "stripe";
import { idOf } from "@/lib/stripe/mappers";
import { retrieveSubscription } from "@/lib/stripe/gateway";
import { recordAudit } from "../audit";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncSubscription } from "../sync/sync-subscription";

export class CheckoutWithoutTenantError extends Error {
  constructor(sessionId: string) {
    super(`Checkout session ${sessionId} names no tenant (client_reference_id / metadata.tenantId)`);
    this.name = "CheckoutWithoutTenantError";
  }
}

/** Links the Stripe customer to the tenant that started checkout, then records its subscription as Stripe has it now. */
export async function checkoutSessionCompleted(
  event: Stripe.CheckoutSessionCompletedEvent,
  ctx: HandlerContext,
): Promise<HandlerResult> {
  const session = event.data.object;
  const tenantId = session.client_reference_id ?? session.metadata?.tenantId ?? null;
  if (!tenantId) throw new CheckoutWithoutTenantError(session.id);
  const customerId = idOf(session.customer);

  const tenant = await ctx.tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true, stripeCustomerId: true } });
  if (!tenant) throw new CheckoutWithoutTenantError(session.id);
  if (customerId && tenant.stripeCustomerId !== customerId) {
    await ctx.tx.tenant.update({ where: { id: tenantId }, data: { stripeCustomerId: customerId } });
    recordAudit(ctx, {
      tenantId,
      action: "tenant.stripe_customer_linked",
      before: { stripeCustomerId: tenant.stripeCustomerId },
      after: { stripeCustomerId: customerId, checkoutSessionId: session.id },
    });
  }

  // The session carries only the subscription id; its state is whatever Stripe says now.
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId) {
    const subscription =
      typeof session.subscription === "object" && session.subscription !== null
        ? session.subscription
        : await retrieveSubscription(subscriptionId);
    await syncSubscription(ctx, subscription, { fresh: typeof session.subscription !== "object" });
  }
  return { tenantId };
}
