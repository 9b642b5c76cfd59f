import "server-only";
import type Stripe from "stripe";
import { idOf } from "@/lib/stripe/mappers";
import { retrieveSubscription } from "@/lib/stripe/retrieve-subscription";
import { queueEventAudit } from "../queue-event-audit";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { tenantConflict, tenantUnmatched } from "@/lib/records/parked-event";
import { resolveTenant } from "@/lib/records/tenant-of";
import { syncSubscription } from "@/lib/records/subscription-record";

/**
 * Links the Stripe customer to the tenant that started checkout, then records its subscription as Stripe has it
 * now. The customer's owner decides the tenant (resolveTenant): a session naming another tenant, or one that would
 * give a tenant a second customer, is parked as a conflict and changes nothing.
 */
export async function checkoutSessionCompleted(
  event: Stripe.CheckoutSessionCompletedEvent,
  ctx: HandlerContext,
): Promise<HandlerResult> {
  const session = event.data.object;
  const reference = session.client_reference_id ?? null;
  const metadataTenantId = session.metadata?.tenantId ?? null;
  if (reference && metadataTenantId && reference !== metadataTenantId) {
    throw tenantConflict(`checkout session ${session.id}: client_reference_id ${reference} and metadata.tenantId ${metadataTenantId} differ`);
  }
  const customerId = idOf(session.customer);
  const named = reference ?? metadataTenantId;
  if (!customerId && !named) throw tenantUnmatched(`checkout session ${session.id} names no tenant and no customer`);

  const { tenantId, linkedCustomerId } = await resolveTenant(ctx.tx, { metadataTenantId: named, stripeCustomerId: customerId });
  if (linkedCustomerId) {
    ctx.linkedCustomerIds.push(linkedCustomerId);
    queueEventAudit(ctx, {
      tenantId,
      action: "tenant.stripe_customer_linked",
      before: { stripeCustomerId: null },
      after: { stripeCustomerId: linkedCustomerId, checkoutSessionId: session.id },
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
