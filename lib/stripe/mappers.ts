import type Stripe from "stripe";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { toSubscriptionStatus } from "./subscription-status";
import { taxSummary } from "./tax-summary";

// Stripe objects → our row shapes. Pure functions: no I/O, so they are tested without Stripe or a database.

/** Stripe ids arrive either as a string or, when expanded, as the object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value : value.id;
}

function date(seconds: number | null | undefined): Date | null {
  return seconds == null ? null : new Date(seconds * 1000);
}

export type SubscriptionFields = {
  stripeSubscriptionId: string;
  stripeCustomerId: string | null;
  metadataTenantId: string | null;
  status: SubscriptionStatus;
  stripePriceId: string | null;
  quantity: number;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  trialEnd: Date | null;
  defaultPaymentMethod: string | null;
  latestInvoiceId: string | null;
  cancellationReason: string | null;
  cancellationFeedback: string | null;
  cancellationComment: string | null;
  /**
   * The forever and repeating discounts (what lowers MRR), in Stripe's order; null when the payload names its
   * discounts by id only (webhook payloads never expand them), so their terms must be read from Stripe.
   */
  recurringDiscounts: RecurringDiscount[] | null;
  /** Every discount's id (once ones too), in Stripe's order: a payload names at least these. */
  discountIds: string[];
};

/** A coupon's terms as the MRR rule reads them (migration mrr_net_of_recurring_discounts). */
export type RecurringDiscount = {
  id: string;
  coupon: string;
  percentOff: number | null;
  /** Minor units of `currency`. */
  amountOff: number | null;
  currency: string | null;
  /** A repeating discount's end, unix seconds; null for a forever one. */
  end: number | null;
};

/**
 * The recurring discounts of a subscription whose `discounts` are expanded with their coupons
 * (`discounts.source.coupon`), or null when any is only an id. A `once` coupon is one invoice's, never MRR.
 */
export function recurringDiscountsOf(discounts: Array<string | Stripe.Discount>): RecurringDiscount[] | null {
  const terms: RecurringDiscount[] = [];
  for (const discount of discounts) {
    if (typeof discount === "string") return null;
    const coupon = discount.source?.coupon;
    if (!coupon || typeof coupon === "string") return null;
    if (coupon.duration === "once") continue;
    terms.push({
      id: discount.id,
      coupon: coupon.id,
      percentOff: coupon.percent_off,
      amountOff: coupon.amount_off,
      currency: coupon.currency,
      end: coupon.duration === "repeating" ? discount.end : null,
    });
  }
  return terms;
}

export function subscriptionFields(sub: Stripe.Subscription): SubscriptionFields {
  // Since API 2025-03-31.basil the billing period lives on each item, not on the subscription.
  const item = sub.items.data[0];
  return {
    stripeSubscriptionId: sub.id,
    stripeCustomerId: idOf(sub.customer),
    metadataTenantId: sub.metadata?.tenantId ?? null,
    status: toSubscriptionStatus(sub.status),
    stripePriceId: item?.price?.id ?? null,
    quantity: item?.quantity ?? 1,
    currentPeriodStart: date(item?.current_period_start),
    currentPeriodEnd: date(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: date(sub.cancel_at),
    canceledAt: date(sub.canceled_at),
    endedAt: date(sub.ended_at),
    trialEnd: date(sub.trial_end),
    defaultPaymentMethod: idOf(sub.default_payment_method),
    latestInvoiceId: idOf(sub.latest_invoice),
    cancellationReason: sub.cancellation_details?.reason ?? null,
    cancellationFeedback: sub.cancellation_details?.feedback ?? null,
    cancellationComment: sub.cancellation_details?.comment ?? null,
    recurringDiscounts: recurringDiscountsOf(sub.discounts ?? []),
    discountIds: (sub.discounts ?? []).map((discount) => (typeof discount === "string" ? discount : discount.id)),
  };
}

export type InvoiceFields = {
  stripeInvoiceId: string;
  number: string | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  metadataTenantId: string | null;
  status: string;
  billingReason: string | null;
  amountDue: number;
  amountPaid: number;
  amountRemaining: number;
  total: number;
  /** Stripe Tax on the invoice (null: no tax computed) and whether it was reverse-charged. */
  taxAmount: number | null;
  taxReverseCharge: boolean;
  discountAmount: number;
  currency: string;
  attemptCount: number;
  nextPaymentAttempt: Date | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  stripeCreatedAt: Date;
  paidAt: Date | null;
};

export function invoiceFields(invoice: Stripe.Invoice): InvoiceFields {
  // `invoice.subscription` was removed in 2025-03-31.basil; the link lives under `parent`.
  const details = invoice.parent?.subscription_details ?? null;
  const tax = taxSummary(invoice);
  return {
    stripeInvoiceId: invoice.id,
    number: invoice.number ?? null,
    stripeCustomerId: idOf(invoice.customer),
    stripeSubscriptionId: idOf(details?.subscription),
    metadataTenantId: details?.metadata?.tenantId ?? invoice.metadata?.tenantId ?? null,
    status: invoice.status ?? "draft",
    billingReason: invoice.billing_reason ?? null,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    total: invoice.total,
    taxAmount: tax?.amount ?? null,
    taxReverseCharge: tax?.reverseCharge ?? false,
    discountAmount: (invoice.total_discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0),
    currency: invoice.currency,
    attemptCount: invoice.attempt_count ?? 0,
    nextPaymentAttempt: date(invoice.next_payment_attempt),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    periodStart: date(invoice.period_start),
    periodEnd: date(invoice.period_end),
    stripeCreatedAt: new Date(invoice.created * 1000),
    paidAt: date(invoice.status_transitions?.paid_at),
  };
}

export type PaymentFields = {
  stripeChargeId: string;
  stripeCustomerId: string | null;
  metadataTenantId: string | null;
  stripePaymentIntentId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  refunded: boolean;
  failureCode: string | null;
  failureMessage: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  receiptUrl: string | null;
  stripeCreatedAt: Date;
};

export function paymentFields(charge: Stripe.Charge): PaymentFields {
  const card = charge.payment_method_details?.card ?? null;
  return {
    stripeChargeId: charge.id,
    stripeCustomerId: idOf(charge.customer),
    metadataTenantId: charge.metadata?.tenantId ?? null,
    stripePaymentIntentId: idOf(charge.payment_intent),
    amount: charge.amount,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    status: charge.status,
    refunded: charge.refunded,
    failureCode: charge.failure_code ?? null,
    failureMessage: charge.failure_message ?? null,
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    receiptUrl: charge.receipt_url ?? null,
    stripeCreatedAt: new Date(charge.created * 1000),
  };
}

export type RefundFields = {
  stripeRefundId: string;
  stripeChargeId: string;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  stripeCreatedAt: Date;
};

export function refundFields(refund: Stripe.Refund, chargeId: string): RefundFields {
  return {
    stripeRefundId: refund.id,
    stripeChargeId: idOf(refund.charge) ?? chargeId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status ?? "pending",
    reason: refund.reason ?? null,
    stripeCreatedAt: new Date(refund.created * 1000),
  };
}

export type PaymentMethodFields = {
  stripePaymentMethodId: string;
  stripeCustomerId: string | null;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
};

/** Brand, last four and expiry only: nothing else of a card is ever stored. Null for non-card methods. */
export function paymentMethodFields(pm: Stripe.PaymentMethod): PaymentMethodFields | null {
  if (!pm.card) return null;
  return {
    stripePaymentMethodId: pm.id,
    stripeCustomerId: idOf(pm.customer),
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
}
