import "server-only";
import type Stripe from "stripe";
import { cancelSubscriptionNow } from "@/lib/stripe/cancel-subscription-now";
import { expireOpenCheckoutSessions } from "@/lib/stripe/expire-open-checkout-sessions";
import { voidInvoiceIfOpen } from "@/lib/stripe/void-invoice";
import { getLogger } from "@/lib/log";

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
  opts: {
    keepPriceId?: string;
    /** With keepPriceId: keep it only when it was started with this promotion code id ("" for none). */
    keepPromotionCode?: string;
    olderThanSeconds?: number;
    expireSessions?: boolean;
    now?: Date;
  } = {},
): Promise<ClosedAttempts> {
  const closed: ClosedAttempts = { canceledSubscriptions: [], voidedInvoices: [], expiredSessions: [] };
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  for (const sub of subs) {
    if (sub.status !== "incomplete") continue;
    const sameCode = opts.keepPromotionCode === undefined || (sub.metadata.promotionCode ?? "") === opts.keepPromotionCode;
    if (opts.keepPriceId && sub.items.data[0]?.price.id === opts.keepPriceId && sameCode) continue;
    if (opts.olderThanSeconds !== undefined && nowSeconds - sub.created < opts.olderThanSeconds) continue;
    // Expired or cancelled meanwhile (Stripe's own 23-hour expiry, another tab): the attempt is closed either way.
    if (await cancelSubscriptionNow(sub.id, "close-attempt")) closed.canceledSubscriptions.push(sub.id);
    // Cancelling an incomplete subscription may leave its first invoice open: void it, so nothing stays payable.
    const invoiceId = typeof sub.latest_invoice === "string" ? sub.latest_invoice : sub.latest_invoice?.id;
    const voided = invoiceId ? await voidInvoiceIfOpen(invoiceId) : null;
    if (voided) closed.voidedInvoices.push(voided);
  }
  if (opts.expireSessions) closed.expiredSessions = await expireOpenCheckoutSessions(customerId);
  if (closed.canceledSubscriptions.length + closed.voidedInvoices.length + closed.expiredSessions.length > 0) {
    getLogger().info({ customerId, ...closed }, "closed unpaid checkout attempts");
  }
  return closed;
}
