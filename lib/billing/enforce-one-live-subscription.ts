import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { cancelSubscriptionNow } from "@/lib/stripe/cancel-subscription-now";
import { refundDuplicateSubscription, type DuplicateRefund } from "@/lib/stripe/refund-duplicate-subscription";
import { recordAudit } from "@/lib/audit/record-audit";
import { getLogger } from "@/lib/log";
import { closeCheckoutAttempts } from "./close-checkout-attempts";
import { isLiveStatus } from "./current-subscription";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { withTenantLock } from "./tenant-lock";

export type DuplicateResolution = { subscriptionId: string; refunds: DuplicateRefund[] };

export type EnforceResult = {
  kept: string | null;
  duplicates: DuplicateResolution[];
  closedAttempts: { canceledSubscriptions: string[]; voidedInvoices: string[]; expiredSessions: string[] };
};

/** The events after which a tenant may newly hold a live subscription (the only moments a duplicate can appear). */
function mayHaveGoneLive(event: Stripe.Event): string | null {
  if (event.type === "checkout.session.completed") {
    const customer = event.data.object.customer;
    return typeof customer === "string" ? customer : (customer?.id ?? null);
  }
  if (event.type !== "customer.subscription.created" && event.type !== "customer.subscription.updated") return null;
  const sub = event.data.object;
  if (!isLiveStatus(sub.status)) return null;
  const previous = event.type === "customer.subscription.updated" ? event.data.previous_attributes : undefined;
  if (event.type === "customer.subscription.updated" && !(previous && "status" in previous)) return null;
  return typeof sub.customer === "string" ? sub.customer : sub.customer.id;
}

/**
 * One live subscription per tenant, whatever tabs and paths raced. Once the tenant holds a live subscription,
 * every other attempt is closed (incomplete subscriptions cancelled with their invoice voided, open Checkout
 * Sessions expired). If Stripe let a second one go live anyway (two payments confirmed at the same moment), the
 * oldest is kept and each newer one is cancelled at once and its charges refunded in full; each is audited under
 * `subscription.duplicate_canceled`, which admins see in the audit log. Serialised with checkout by the tenant's
 * lock; every Stripe write carries an idempotency key derived from the object, so concurrent or repeated runs (each
 * activation sends several events) do it once.
 */
export async function enforceOneLiveSubscription(customerId: string, opts: { actor?: string } = {}): Promise<EnforceResult | null> {
  const tenant = await getDb().tenant.findFirst({ where: { stripeCustomerId: customerId }, select: { id: true } });
  if (!tenant) return null;
  return withTenantLock("checkout", tenant.id, async () => {
    const subs = await listCustomerSubscriptions(customerId);
    // Oldest first: the tenant's first paid subscription is the one they keep.
    const live = subs.filter((s) => isLiveStatus(s.status)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
    const result: EnforceResult = {
      kept: live[0]?.id ?? null,
      duplicates: [],
      closedAttempts: { canceledSubscriptions: [], voidedInvoices: [], expiredSessions: [] },
    };
    if (live.length === 0) return result;
    result.closedAttempts = await closeCheckoutAttempts(customerId, subs, { expireSessions: true });
    for (const duplicate of live.slice(1)) {
      const resolution = await cancelAndRefund(duplicate);
      result.duplicates.push(resolution);
      await recordAudit(getDb(), {
        tenantId: tenant.id,
        actor: opts.actor ?? "system",
        action: "subscription.duplicate_canceled",
        before: { subscriptionId: duplicate.id, status: duplicate.status, keptSubscriptionId: result.kept },
        after: { subscriptionId: duplicate.id, status: "canceled", refunds: resolution.refunds },
        reason: "A second live subscription for this tenant: cancelled at once and its charge refunded in full.",
      });
      getLogger().warn({ tenantId: tenant.id, kept: result.kept, canceled: duplicate.id, refunds: resolution.refunds }, "duplicate live subscription cancelled");
    }
    return result;
  });
}

async function cancelAndRefund(sub: Stripe.Subscription): Promise<DuplicateResolution> {
  await cancelSubscriptionNow(sub.id, "duplicate-cancel");
  // Every invoice of the duplicate was paid only because of the race: refund what is left of each payment.
  return { subscriptionId: sub.id, refunds: await refundDuplicateSubscription(sub.id) };
}

/**
 * Run by the webhook dispatcher after an event was applied: when it may have made a subscription live, enforce one
 * live subscription for that customer's tenant. A failure here is logged, not raised: the event itself is applied,
 * the next activation event (Stripe sends several) tries again, and the drift check reports what is left.
 */
export async function enforceAfterEvent(event: Stripe.Event): Promise<void> {
  const customerId = mayHaveGoneLive(event);
  if (!customerId) return;
  try {
    await enforceOneLiveSubscription(customerId, { actor: `stripe:${event.id}` });
  } catch (error) {
    getLogger().error({ eventId: event.id, customerId, err: error instanceof Error ? error.message : String(error) }, "one-live-subscription check failed");
  }
}
