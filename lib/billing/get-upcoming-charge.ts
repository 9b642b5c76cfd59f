import "server-only";
import { previewInvoice } from "@/lib/stripe/preview-invoice";
import { retrieveCustomer } from "@/lib/stripe/retrieve-customer";
import { getLogger } from "@/lib/log";
import { getStripeCustomerId } from "./customer-subscriptions";

export interface UpcomingCharge {
  /** Credit on the customer's Stripe balance, paid out against the next invoices (minor units, ≥ 0). */
  creditBalance: number;
  currency: string;
  /** The next invoice Stripe would raise for the subscription, net of credit, or null when none is coming. */
  next: { amount: number; date: Date } | null;
}

/**
 * The credit balance and the next charge, asked from Stripe (the webhooks do not store upcoming invoices).
 * A dashboard must render without it: any failure is logged and returns null.
 */
export async function getUpcomingCharge(tenantId: string, subscriptionId: string | null): Promise<UpcomingCharge | null> {
  try {
    const customerId = await getStripeCustomerId(tenantId);
    if (!customerId) return null;
    const [customer, upcoming] = await Promise.all([
      retrieveCustomer(customerId),
      subscriptionId ? previewInvoice({ customer: customerId, subscription: subscriptionId }).catch(() => null) : Promise.resolve(null),
    ]);
    const balance = "deleted" in customer && customer.deleted ? 0 : customer.balance;
    const date = upcoming ? (upcoming.next_payment_attempt ?? upcoming.period_end) : null;
    return {
      creditBalance: Math.max(0, -balance),
      currency: upcoming?.currency ?? ("currency" in customer && customer.currency ? customer.currency : "usd"),
      next: upcoming && date ? { amount: upcoming.amount_due, date: new Date(date * 1000) } : null,
    };
  } catch (error) {
    getLogger().warn({ err: { message: error instanceof Error ? error.message : String(error) }, tenantId }, "upcoming charge unavailable");
    return null;
  }
}
