import "server-only";
import { getDb } from "@/lib/db/client";
import type { SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { getEnv } from "@/lib/env";
import { accessForSubscription, type AccessState } from "./access";
import { isLiveStatus, isPaymentFailedStatus, pickCurrentSubscription } from "./current-subscription";
import { describeSubscription, type StatusDescription, type SubscriptionFacts } from "./describe-subscription";
import type { TaxSummary } from "@/lib/stripe/tax-summary";

// Read side of the dashboard: only rows the webhooks wrote. Nothing here calls Stripe.

export interface BillingOverview {
  plan: { key: string; name: string; amount: number; currency: string; interval: "month" | "year"; tierRank: number } | null;
  /** What the dashboard says about the subscription (describe-subscription's facts) and its Stripe id. */
  subscription: (SubscriptionFacts & { id: string }) | null;
  status: StatusDescription;
  /** What the tenant may do right now (full, grace, restricted, none), from the webhooks' view. */
  access: AccessState;
  /** The last payment failed (past_due or unpaid): the dashboard asks for a new card. */
  paymentFailed: boolean;
  /** The open invoice's next automatic retry when a renewal failed. */
  nextPaymentAttempt: Date | null;
  /** True while a cancellation at period end can still be taken back. */
  canResume: boolean;
  /** The tenant holds a subscription that a new checkout would duplicate. */
  hasHeldSubscription: boolean;
  /** A trial with no card to bill at its end: it ends (canceled or paused) unless one is added, so nothing renews. */
  trialNeedsCard: boolean;
}

/** The tenant's current subscription row by the one rule (lib/billing/current-subscription.ts). */
export async function getCurrentSubscriptionRow(tenantId: string) {
  const rows = await getDb().subscription.findMany({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
    take: 20,
    include: { plan: true },
  });
  return pickCurrentSubscription(rows);
}

export async function getBillingOverview(tenantId: string, opts: { now?: Date } = {}): Promise<BillingOverview> {
  const now = opts.now ?? new Date();
  const row = await getCurrentSubscriptionRow(tenantId);
  const plan =
    row?.plan ??
    (row?.stripePriceId ? await getDb().plan.findUnique({ where: { stripePriceId: row.stripePriceId } }) : null);
  const paymentFailed = row ? isPaymentFailedStatus(row.status) : false;
  let nextPaymentAttempt: Date | null = null;
  if (row && paymentFailed) {
    const open = await getDb().invoice.findFirst({
      where: { tenantId, stripeSubscriptionId: row.stripeSubscriptionId, status: "open" },
      orderBy: { stripeCreatedAt: "desc" },
      select: { nextPaymentAttempt: true },
    });
    nextPaymentAttempt = open?.nextPaymentAttempt ?? null;
  }
  const subscription = row && {
    id: row.stripeSubscriptionId,
    status: row.status,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    cancelAt: row.cancelAt,
    endedAt: row.endedAt,
    trialEnd: row.trialEnd,
  };
  const held = row ? isLiveStatus(row.status) : false;
  // A trial's end depends on a card: the subscription's own, or the customer's default the webhooks recorded.
  const trial =
    row?.status === "trialing" && plan
      ? {
          price: { amount: plan.amount, currency: plan.currency, interval: plan.interval },
          hasCard: row.defaultPaymentMethod !== null || (await getPaymentMethod(tenantId)) !== null,
          endBehavior: getEnv().TRIAL_MISSING_PAYMENT_METHOD,
        }
      : null;
  return {
    plan: plan && {
      key: plan.key,
      name: plan.name,
      amount: plan.amount,
      currency: plan.currency,
      interval: plan.interval,
      tierRank: plan.tierRank,
    },
    subscription,
    status: describeSubscription(subscription, { now, nextPaymentAttempt, trial: trial ?? undefined }),
    access: accessForSubscription(row, getEnv().BILLING_GRACE_DAYS, now),
    paymentFailed,
    nextPaymentAttempt,
    canResume:
      held &&
      !!row &&
      (row.cancelAtPeriodEnd || row.cancelAt !== null) &&
      (row.currentPeriodEnd === null || row.currentPeriodEnd.getTime() > now.getTime()),
    hasHeldSubscription: held,
    trialNeedsCard: trial !== null && !trial.hasCard,
  };
}

export interface InvoiceView {
  id: string;
  /** Stripe's invoice number; null while a draft. */
  number: string | null;
  date: Date;
  amountDue: number;
  amountPaid: number;
  total: number;
  /** Stripe Tax included in total; null when none was computed. */
  tax: TaxSummary | null;
  /** Taken off by promotion codes (already out of `total`). */
  discountAmount: number;
  currency: string;
  status: string;
  billingReason: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  /** Refunds of the invoice's payments as the webhooks recorded them (succeeded or pending), oldest first. */
  refunds: { amount: number; date: Date }[];
}

const UNPAID_ATTEMPT_STATUSES = ["draft", "open", "void", "uncollectible"];

export async function listInvoices(tenantId: string, opts: { limit?: number } = {}): Promise<InvoiceView[]> {
  const rows = await getDb().invoice.findMany({
    // The unpaid first invoice of a checkout attempt is no bill the tenant owes: the attempt is reused or closed
    // (its invoice voided), and showing it would present an unpaid plan as if it had been bought. Nor is the voided
    // invoice of a declined resume of a paused trial (lib/billing/resume-paused-subscription.ts).
    where: {
      tenantId,
      NOT: [
        { billingReason: "subscription_create", status: { in: UNPAID_ATTEMPT_STATUSES } },
        { billingReason: "subscription_update", status: "void", amountPaid: 0 },
      ],
    },
    orderBy: { stripeCreatedAt: "desc" },
    take: opts.limit ?? 24,
  });
  const refunds = await getDb().refund.findMany({
    where: {
      tenantId,
      status: { in: ["succeeded", "pending"] },
      payment: { stripeInvoiceId: { in: rows.map((r) => r.stripeInvoiceId) } },
    },
    orderBy: { stripeCreatedAt: "asc" },
    select: { amount: true, stripeCreatedAt: true, payment: { select: { stripeInvoiceId: true } } },
  });
  return rows.map((r) => ({
    id: r.stripeInvoiceId,
    number: r.number,
    date: r.stripeCreatedAt,
    amountDue: r.amountDue,
    amountPaid: r.amountPaid,
    total: r.total,
    tax: r.taxAmount === null ? null : { amount: r.taxAmount, reverseCharge: r.taxReverseCharge },
    discountAmount: r.discountAmount,
    currency: r.currency,
    status: r.status,
    billingReason: r.billingReason,
    hostedInvoiceUrl: r.hostedInvoiceUrl,
    invoicePdf: r.invoicePdf,
    refunds: refunds.filter((f) => f.payment?.stripeInvoiceId === r.stripeInvoiceId).map((f) => ({ amount: f.amount, date: f.stripeCreatedAt })),
  }));
}

export interface PaymentMethodView {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export async function getPaymentMethod(tenantId: string): Promise<PaymentMethodView | null> {
  return getDb().paymentMethod.findUnique({
    where: { tenantId },
    select: { brand: true, last4: true, expMonth: true, expYear: true },
  });
}

export interface SubscriptionStatusView {
  status: SubscriptionStatus | "none";
  planKey: string | null;
  active: boolean;
  /** The latest invoice of that subscription, as the webhooks recorded it. */
  latestInvoiceStatus: string | null;
}

/** Polled by the checkout page while it waits for the webhook that activates the tenant. */
export async function getSubscriptionStatus(tenantId: string): Promise<SubscriptionStatusView> {
  const row = await getCurrentSubscriptionRow(tenantId);
  if (!row) return { status: "none", planKey: null, active: false, latestInvoiceStatus: null };
  const invoice = row.latestInvoiceId
    ? await getDb().invoice.findFirst({ where: { tenantId, stripeInvoiceId: row.latestInvoiceId }, select: { status: true } })
    : null;
  return {
    status: row.status,
    planKey: row.plan?.key ?? null,
    active: row.status === "active" || row.status === "trialing",
    latestInvoiceStatus: invoice?.status ?? null,
  };
}
