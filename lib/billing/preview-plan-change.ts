import "server-only";
import type Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { previewInvoice } from "@/lib/stripe/preview-invoice";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow, getPlanByPriceId } from "@/lib/plans/get-plan";
import { seatsToBuy } from "@/lib/team/seats";
import { resolvePromotionCode, type AppliedPromotion } from "./promotion-code";
import { firstItem, requireHeldSubscription } from "./customer-subscriptions";
import { QUOTE_TTL_SECONDS, signQuote } from "./plan-change-quote";
import {
  atSeats,
  changeKind,
  changeTitle,
  prorationBehaviorFor,
  prorationParams,
  resetsBillingCycle,
  seatChangeKind,
  type ChangeDirection,
  type ChangeKind,
  type ProrationBehavior,
} from "./proration-rule";
import type { BillingTenant } from "./ensure-stripe-customer";
import { taxSummary, type TaxSummary } from "@/lib/stripe/tax-summary";

export interface PlanChangePreviewLine {
  description: string;
  amount: number;
  /** A credit for unused time or a charge for the rest of the period (not the plan's own recurring line). */
  proration: boolean;
}

export interface PlanChangePreview {
  quote: string;
  direction: ChangeDirection;
  /** How the change is named to the tenant ("Switch to yearly billing", "Upgrade", …). */
  kind: ChangeKind;
  title: string;
  prorationBehavior: ProrationBehavior;
  fromPlan: { key: string; name: string; amount: number; interval: "month" | "year" };
  toPlan: { key: string; name: string; amount: number; interval: "month" | "year" };
  /** Paid seats (the item's quantity) before and after; 1 and 1 for plans not priced per seat. */
  fromSeats: number;
  toSeats: number;
  currency: string;
  /** Stripe's preview invoice: the one created at once when invoicedNow, else the next renewal's. */
  amountDue: number;
  lines: PlanChangePreviewLine[];
  /** Sum of the proration lines: positive = extra charge, negative = credit for unused time. */
  prorationAmount: number;
  /** The change is invoiced and charged on confirmation (always_invoice, or a monthly↔yearly switch). */
  invoicedNow: boolean;
  /** Charged to the card on confirmation. */
  chargedNow: number;
  /** Stripe Tax on the preview invoice (included in amountDue); null when automatic tax is off. */
  tax: TaxSummary | null;
  /** Credit from the customer's balance that the preview invoice uses. */
  creditApplied: number;
  /** Credit left on the customer's balance once the preview invoice is settled (carried to later invoices). */
  creditAfter: number;
  /** The next invoice after the change: its amount (net of credit) and when it is charged (unix seconds). */
  nextInvoice: { amount: number; date: number };
  prorationDate: number;
  expiresAt: number;
  /** The promotion code applied to this change, and what Stripe's preview takes off for it. */
  promotion: (AppliedPromotion & { previewDiscount: number }) | null;
}

/**
 * Asks Stripe what the change would cost with a fixed proration_date and signs the answer into a quote;
 * changePlan replays the change with that same date, so the invoice matches the preview to the cent.
 */
export async function previewPlanChange(
  tenant: BillingTenant,
  newPlanKey: string,
  opts: { now?: Date; seats?: number; promotionCode?: string } = {},
): Promise<PlanChangePreview> {
  const env = getEnv();
  const toPlan = await getActivePlanOrThrow(newPlanKey);
  const { customerId, sub } = await requireHeldSubscription(tenant.id);
  const item = firstItem(sub);
  const fromPlan = await getPlanByPriceId(item.price.id);
  if (!fromPlan) throw new AppError("conflict", "Your current plan is no longer offered; contact support to change it.");
  const fromSeats = item.quantity ?? 1;
  const toSeats = opts.seats ?? (await seatsAfterPlanChange(tenant.id, fromPlan, toPlan, fromSeats));
  if (item.price.id === toPlan.stripePriceId && toSeats === fromSeats) {
    throw new AppError("conflict", toPlan.perSeat ? `You already pay for ${toSeats} seats.` : `You are already on ${toPlan.name}.`);
  }

  // Compared as whole subscriptions, so more seats is an upgrade (charged now) and fewer a downgrade (credited).
  const { direction, behavior } = prorationBehaviorFor(atSeats(fromPlan, fromSeats), atSeats(toPlan, toSeats), env);
  const kind = fromPlan.key === toPlan.key ? seatChangeKind(fromSeats, toSeats) : changeKind(fromPlan, toPlan);
  const resets = resetsBillingCycle(fromPlan, toPlan);
  const prorationDate = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  // Checked like at checkout (the minimum against the new plan's price × seats) before Stripe is asked.
  const promotion = opts.promotionCode
    ? await resolvePromotionCode({ tenantId: tenant.id, code: opts.promotionCode, amount: toPlan.amount * toSeats, currency: toPlan.currency, now: opts.now })
    : null;
  const invoicedNow = resets || behavior === "always_invoice";
  const items = [{ id: item.id, price: toPlan.stripePriceId, quantity: toSeats }];
  const [preview, renewal] = await Promise.all([
    stripeCall(() =>
      previewInvoice({
        customer: customerId,
        subscription: sub.id,
        subscription_details: { items, ...prorationParams(behavior, prorationDate) },
        ...(promotion && { discounts: [{ promotion_code: promotion.promotionCodeId }] }),
      }),
    ),
    // After a change invoiced now, the next invoice is a whole period of the new plan: Stripe's preview of the
    // subscription on it without prorations has its recurring discounts and tax (a code redeemed with the change
    // replaces the subscription's discounts, and a `once` one is spent on the change's own invoice). `recurring`:
    // pending invoice items (a downgrade's credit) go on the change's own invoice, so not on this one again.
    invoicedNow
      ? stripeCall(() =>
          previewInvoice({
            customer: customerId,
            subscription: sub.id,
            preview_mode: "recurring",
            subscription_details: { items, proration_behavior: "none" },
            ...(promotion && { discounts: promotion.recurring ? [{ promotion_code: promotion.promotionCodeId }] : "" }),
          }),
        )
      : null,
  ]);
  const lines = preview.lines.data.map((line) => ({
    description: line.description ?? "",
    amount: line.amount,
    proration: line.parent?.subscription_item_details?.proration === true,
  }));
  const prorationAmount = lines.filter((l) => l.proration).reduce((sum, l) => sum + l.amount, 0);
  const amountDue = preview.amount_due;
  const settled = settleWithBalance(preview.total, preview.starting_balance ?? 0);
  // After a change invoiced now, the next invoice is the new plan's renewal, paid first from any credit left.
  const nextInvoice = renewal
    ? { amount: settleWithBalance(renewal.total, settled.endingBalance).amountDue, date: renewalAfterChange(preview, item, resets) }
    : { amount: amountDue, date: item.current_period_end };
  const expiresAt = prorationDate + QUOTE_TTL_SECONDS;
  const quote = signQuote(
    {
      v: 1,
      tenantId: tenant.id,
      subscriptionId: sub.id,
      subscriptionItemId: item.id,
      fromPrice: item.price.id,
      toPrice: toPlan.stripePriceId,
      toPlanKey: toPlan.key,
      fromQuantity: fromSeats,
      quantity: toSeats,
      prorationBehavior: behavior,
      prorationDate,
      amountDue,
      currency: preview.currency,
      ...(promotion && { promotionCodeId: promotion.promotionCodeId }),
      expiresAt,
    },
    quoteSecret(),
  );
  const brief = (p: typeof fromPlan) => ({ key: p.key, name: p.name, amount: p.amount, interval: p.interval });
  return {
    quote,
    direction,
    kind,
    title: changeTitle(kind),
    prorationBehavior: behavior,
    fromPlan: brief(fromPlan),
    toPlan: brief(toPlan),
    fromSeats,
    toSeats,
    currency: preview.currency,
    amountDue,
    lines,
    prorationAmount,
    invoicedNow,
    chargedNow: invoicedNow ? amountDue : 0,
    tax: taxSummary(preview),
    creditApplied: settled.creditApplied,
    creditAfter: Math.max(0, -settled.endingBalance),
    nextInvoice,
    prorationDate,
    expiresAt,
    promotion: promotion && { ...promotion, previewDiscount: (preview.total_discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0) },
  };
}

/**
 * The seats a plan change keeps: a per-seat plan keeps the seats paid for, or starts at the team's size when
 * coming from a flat plan; a flat plan is one unit.
 */
async function seatsAfterPlanChange(tenantId: string, fromPlan: { perSeat: boolean }, toPlan: { perSeat: boolean }, fromSeats: number): Promise<number> {
  return fromPlan.perSeat && toPlan.perSeat ? fromSeats : seatsToBuy(tenantId, toPlan);
}

/**
 * How Stripe settles an invoice total against the customer balance (negative = credit): credit pays first, a
 * negative total adds to the credit, and what is left of the credit carries over.
 */
function settleWithBalance(total: number, balance: number): { amountDue: number; creditApplied: number; endingBalance: number } {
  if (total < 0) return { amountDue: 0, creditApplied: 0, endingBalance: balance + total };
  const creditApplied = balance < 0 ? Math.min(total, -balance) : 0;
  return { amountDue: total - creditApplied, creditApplied, endingBalance: balance + creditApplied };
}

/** The date of the renewal after a change invoiced now: the new period's end when the cycle resets. */
function renewalAfterChange(preview: Stripe.Invoice, item: Stripe.SubscriptionItem, resets: boolean): number {
  if (!resets) return item.current_period_end;
  const recurring = preview.lines.data.find((l) => l.parent?.subscription_item_details?.proration !== true);
  return recurring?.period.end ?? item.current_period_end;
}

export function quoteSecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new AppError("internal", "NEXTAUTH_SECRET is not configured.");
  return secret;
}
