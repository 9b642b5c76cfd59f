import "server-only";
import type Stripe from "stripe";
import { planChangeIdempotencyKey, updateSubscriptionPrice } from "@/lib/stripe/update-subscription-price";
import { AppError } from "@/lib/errors";
import { getPlanByPriceId } from "@/lib/plans/get-plan";
import { assertSeatsCoverTeam } from "@/lib/team/seats";
import { firstItem, requireHeldSubscription } from "./customer-subscriptions";
import { QuoteError, verifyQuote } from "./plan-change-quote";
import { quoteSecret } from "./preview-plan-change";
import { prorationParams, resetsBillingCycle } from "./proration-rule";
import { isTaxLocated } from "./tax-location";
import type { BillingTenant } from "./ensure-stripe-customer";

export interface PlanChangeResult {
  subscriptionId: string;
  toPlanKey: string;
  /** Null when the plan being left is no longer in the table. */
  fromPlanKey: string | null;
  fromPlan: { name: string; interval: string } | null;
  toPlan: { name: string; interval: string; currency: string };
  /** Paid seats before and after (1 and 1 for plans not priced per seat). */
  fromSeats: number;
  toSeats: number;
  /** The key the change was sent under (derived from the quote): a repeat is the same change. */
  idempotencyKey: string;
  /** The invoice the change produced at once (always_invoice or an interval switch), or null when prorations wait for renewal. */
  invoice: { id: string; amountDue: number; amountPaid: number; status: string | null; currency: string } | null;
}

/**
 * Applies a previewed change exactly as quoted: same subscription, same prices, same proration_date and
 * behaviour. The quote's own signature is the idempotency key, so confirming twice changes the plan once.
 */
export async function changePlan(tenant: BillingTenant, quoteToken: string, opts: { now?: Date } = {}): Promise<PlanChangeResult> {
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  let quote;
  try {
    quote = verifyQuote(quoteToken, quoteSecret(), nowSeconds);
  } catch (error) {
    if (error instanceof QuoteError) throw new AppError("invalid_input", error.message);
    throw error;
  }
  if (quote.tenantId !== tenant.id) throw new AppError("invalid_input", "This price quote is not valid. Preview the change again.");

  const { customerId, sub } = await requireHeldSubscription(tenant.id);
  const item = firstItem(sub);
  // A second confirm of the same quote (double click, retry after a timeout) finds the change already applied;
  // it repeats the same request under the same idempotency key, so Stripe answers with the first result.
  const quantity = item.quantity ?? 1;
  const alreadyApplied = item.price.id === quote.toPrice && quantity === quote.quantity;
  const asQuoted = item.price.id === quote.fromPrice && quantity === quote.fromQuantity;
  if (sub.id !== quote.subscriptionId || item.id !== quote.subscriptionItemId || (!asQuoted && !alreadyApplied)) {
    throw new AppError("conflict", "Your subscription changed since this preview. Preview the change again.");
  }
  const toPlan = await getPlanByPriceId(quote.toPrice);
  if (!toPlan) throw new AppError("conflict", "That plan is no longer offered.");
  const fromPlan = await getPlanByPriceId(quote.fromPrice);
  // The team may have grown since the preview: fewer paid seats than people is refused at confirm too.
  if (toPlan.perSeat && quote.quantity < quote.fromQuantity) await assertSeatsCoverTeam(tenant.id, quote.quantity);
  // A monthly↔yearly switch is invoiced at once whatever the proration behaviour, like always_invoice.
  const invoicedNow = quote.prorationBehavior === "always_invoice" || (fromPlan !== null && resetsBillingCycle(fromPlan, toPlan));

  const idempotencyKey = planChangeIdempotencyKey(quoteToken);
  const updated = await updateSubscriptionPrice({
    subscriptionId: sub.id,
    itemId: item.id,
    priceId: quote.toPrice,
    quantity: quote.quantity,
    proration: prorationParams(quote.prorationBehavior, quote.prorationDate),
    failIfUnpaid: invoicedNow,
    metadata: { tenantId: tenant.id, plan: toPlan.key },
    promotionCodeId: quote.promotionCodeId,
    idempotencyKey,
    taxLocated: await isTaxLocated(customerId),
  });
  return {
    subscriptionId: updated.id,
    toPlanKey: toPlan.key,
    fromPlanKey: fromPlan?.key ?? null,
    fromPlan: fromPlan && { name: fromPlan.name, interval: fromPlan.interval },
    toPlan: { name: toPlan.name, interval: toPlan.interval, currency: toPlan.currency },
    fromSeats: quote.fromQuantity,
    toSeats: quote.quantity,
    idempotencyKey,
    invoice: changeInvoice(updated, invoicedNow),
  };
}

function changeInvoice(sub: Stripe.Subscription, invoicedNow: boolean): PlanChangeResult["invoice"] {
  const invoice = sub.latest_invoice;
  if (!invoicedNow || !invoice || typeof invoice === "string") return null;
  if (invoice.billing_reason !== "subscription_update") return null;
  return {
    id: invoice.id,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    status: invoice.status,
    currency: invoice.currency,
  };
}
