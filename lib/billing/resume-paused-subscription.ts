import "server-only";
import type Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { resumePausedSubscription as resumeAtStripe } from "@/lib/stripe/resume-paused-subscription";
import { voidInvoiceIfOpen } from "@/lib/stripe/void-invoice";
import { idOf } from "@/lib/stripe/mappers";
import { getStripeCustomerId } from "./customer-subscriptions";
import type { BillingTenant } from "./ensure-stripe-customer";
import { withTenantLock } from "./tenant-lock";

export const RESUME_DECLINED_MESSAGE =
  "Your card was declined, so nothing was charged and your subscription is still paused. Add a different card and try again.";

export interface ResumedSubscription {
  subscriptionId: string;
  invoice: { id: string; amountPaid: number; currency: string } | null;
}

/**
 * Resumes the tenant's paused subscription (a trial that ended without a card) once a card is on file: Stripe charges
 * a resumption invoice for a new period from now, and the plan is active only once it is paid. `subscriptionId` is
 * the one the page showed: another tenant's, or one this tenant no longer holds, is a 404 and nothing is asked of
 * Stripe. A declined charge leaves it paused and its invoice is voided, so nothing stays payable; a second tab or a
 * late repeat finds it active (a 409 that says so, nothing charged twice). Serialized per tenant: two tabs reach
 * Stripe one after the other.
 */
export async function resumePausedSubscription(
  tenant: BillingTenant,
  input: { subscriptionId: string; requestId: string },
): Promise<ResumedSubscription> {
  return withTenantLock("resume-paused", tenant.id, async () => {
    const customerId = await getStripeCustomerId(tenant.id);
    const sub = customerId ? (await listCustomerSubscriptions(customerId)).find((s) => s.id === input.subscriptionId) : undefined;
    if (!sub) throw new AppError("not_found", "That subscription was not found on this account.");
    if (sub.status !== "paused") {
      throw new AppError(
        "conflict",
        sub.status === "active" || sub.status === "trialing"
          ? "Your subscription is already active (it was resumed, perhaps in another tab). Nothing more was charged."
          : "Only a paused subscription can be resumed. Refresh the page to see its current state.",
      );
    }
    // The card is part of what was asked: after a decline, the same form with a new card is a new resume, not a
    // replay of the declined one from Stripe's idempotency cache.
    const card = idOf(sub.default_payment_method) ?? "customer-default";
    const resumed = await resumeAtStripe({ tenantId: tenant.id, subscriptionId: sub.id, requestKey: `${card}:${input.requestId}` });
    const invoice = typeof resumed.latest_invoice === "object" ? resumed.latest_invoice : null;
    if (resumed.status === "paused") {
      if (invoice) await voidInvoiceIfOpen(invoice.id);
      throw new AppError("conflict", RESUME_DECLINED_MESSAGE);
    }
    return { subscriptionId: resumed.id, invoice: invoice && invoiceSummary(invoice) };
  });
}

function invoiceSummary(invoice: Stripe.Invoice) {
  return { id: invoice.id, amountPaid: invoice.amount_paid, currency: invoice.currency };
}
