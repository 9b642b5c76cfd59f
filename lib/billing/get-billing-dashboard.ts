import "server-only";
import { getBillingOverview, getPaymentMethod, listInvoices } from "./get-billing-overview";
import { getUpcomingCharge } from "./get-upcoming-charge";

/**
 * Everything the billing dashboard shows for one tenant: the rows the webhooks wrote, and the next charge and
 * credit balance that only Stripe knows. The tenant's /billing and an admin's read-only view both read this.
 */
export async function getBillingDashboard(tenantId: string) {
  const [overview, paymentMethod, invoices] = await Promise.all([getBillingOverview(tenantId), getPaymentMethod(tenantId), listInvoices(tenantId)]);
  const sub = overview.subscription;
  const held = overview.hasHeldSubscription;
  // Nothing renews once a cancellation is set, nor a trial without a card, nor a paused subscription (Stripe creates
  // no invoices while paused, whatever its preview says); the credit balance is still worth showing.
  const renews = held && sub && sub.status !== "paused" && !sub.cancelAtPeriodEnd && !sub.cancelAt && !overview.trialNeedsCard;
  const upcoming = held ? await getUpcomingCharge(tenantId, renews ? sub.id : null) : null;
  return { overview, paymentMethod, invoices, upcoming };
}
