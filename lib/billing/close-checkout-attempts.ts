import "server-only";
import type Stripe from "stripe";
import { getStripe } from "@/lib/stripe/client";
import { getLogger } from "@/lib/log";

/**
 * Stripe's refusal of a request about an object (400: not in the state we found it in; 404: gone). Read from the
 * error's fields, not `instanceof`: the app's server bundle can hold the SDK's ESM and CJS error classes apart.
 */
export function isInvalidRequest(error: unknown, statuses: readonly number[] = [400, 404]): boolean {
  const e = error as { type?: unknown; statusCode?: unknown } | null;
  return e?.type === "StripeInvalidRequestError" && typeof e.statusCode === "number" && statuses.includes(e.statusCode);
}

const isStaleStateError = (error: unknown) => isInvalidRequest(error);

// A checkout attempt that was never paid leaves two kinds of object in Stripe: an incomplete subscription with
// an open first invoice (the card form, after a decline) and an open Checkout Session (the hosted page). Neither
// is the tenant's plan; both are closed here, so no open invoice or stale "Incomplete" lingers.

/** How long a declined attempt is kept for the tenant's next try before a sweep treats it as given up. */
export const ABANDONED_AFTER_SECONDS = 60 * 60;

export type ClosedAttempts = { canceledSubscriptions: string[]; voidedInvoices: string[]; expiredSessions: string[] };

/**
 * Closes the unpaid attempts among `subs` (Stripe's current list for one customer): every incomplete subscription
 * except one on `keepPriceId`, or only those older than `olderThanSeconds`; with `expireSessions`, also the
 * customer's open Checkout Sessions. Idempotent: every write carries a key derived from the object it closes, and
 * "already closed" answers from Stripe count as done.
 */
export async function closeCheckoutAttempts(
  customerId: string,
  subs: readonly Stripe.Subscription[],
  opts: { keepPriceId?: string; olderThanSeconds?: number; expireSessions?: boolean; now?: Date } = {},
): Promise<ClosedAttempts> {
  const closed: ClosedAttempts = { canceledSubscriptions: [], voidedInvoices: [], expiredSessions: [] };
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  for (const sub of subs) {
    if (sub.status !== "incomplete") continue;
    if (opts.keepPriceId && sub.items.data[0]?.price.id === opts.keepPriceId) continue;
    if (opts.olderThanSeconds !== undefined && nowSeconds - sub.created < opts.olderThanSeconds) continue;
    if (await cancelIncomplete(sub)) closed.canceledSubscriptions.push(sub.id);
    const voided = await voidFirstInvoice(sub);
    if (voided) closed.voidedInvoices.push(voided);
  }
  if (opts.expireSessions) closed.expiredSessions = await expireOpenSessions(customerId);
  if (closed.canceledSubscriptions.length + closed.voidedInvoices.length + closed.expiredSessions.length > 0) {
    getLogger().info({ customerId, ...closed }, "closed unpaid checkout attempts");
  }
  return closed;
}

async function cancelIncomplete(sub: Stripe.Subscription): Promise<boolean> {
  try {
    await getStripe().subscriptions.cancel(sub.id, { prorate: false, invoice_now: false }, { idempotencyKey: `close-attempt:${sub.id}` });
    return true;
  } catch (error) {
    // Expired or cancelled meanwhile (Stripe's own 23-hour expiry, another tab): the attempt is closed either way.
    if (isStaleStateError(error)) return false;
    throw error;
  }
}

/** Cancelling an incomplete subscription may leave its first invoice open: void it, so nothing stays payable. */
async function voidFirstInvoice(sub: Stripe.Subscription): Promise<string | null> {
  const invoiceId = typeof sub.latest_invoice === "string" ? sub.latest_invoice : sub.latest_invoice?.id;
  if (!invoiceId) return null;
  const stripe = getStripe();
  const invoice = await stripe.invoices.retrieve(invoiceId);
  if (invoice.status !== "open") return null;
  try {
    await stripe.invoices.voidInvoice(invoiceId, {}, { idempotencyKey: `close-attempt-void:${invoiceId}` });
    return invoiceId;
  } catch (error) {
    if (isStaleStateError(error)) return null; // paid or voided meanwhile
    throw error;
  }
}

async function expireOpenSessions(customerId: string): Promise<string[]> {
  const stripe = getStripe();
  const expired: string[] = [];
  for await (const session of stripe.checkout.sessions.list({ customer: customerId, status: "open", limit: 100 })) {
    try {
      await stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: `close-attempt-expire:${session.id}` });
      expired.push(session.id);
    } catch (error) {
      if (isStaleStateError(error)) continue; // completed or expired meanwhile
      throw error;
    }
  }
  return expired;
}
