import "server-only";
import type Stripe from "stripe";
import type { Db, Tx } from "@/lib/db/client";
import { idOf } from "@/lib/stripe/mappers";
import { isLiveStatus } from "@/lib/billing/current-subscription";
import type { BillingAudience } from "./billing-recipients";
import { queueEmail, type QueuedEmail } from "./queue-email";
import type { TemplateName, TemplateProps } from "./templates";

// The billing emails a Stripe event causes, decided once the event is applied by the job the applying statement or
// transaction queued (lib/webhooks/billing-emails-job.ts), from the ledger's copy of the event, keyed by the event
// id: a duplicated, reordered or replayed delivery finds the event settled and queues no job, and a job that runs
// twice finds its outbox rows there already.

type Decision = {
  [Name in TemplateName]: {
    template: Name;
    props: Omit<TemplateProps<Name>, "tenantName">;
    /** Optional emails (receipts, refunds, plan changes) respect the tenant's setting; the rest always go. */
    optional: boolean;
  };
}[TemplateName];

type Decide = (tx: Tx, event: Stripe.Event, tenantId: string) => Promise<Decision | null>;

const seconds = (value: number | null | undefined) => (value ? new Date(value * 1000).toISOString() : null);

async function planNameOfPrice(tx: Tx, priceId: string | null | undefined): Promise<string | null> {
  if (!priceId) return null;
  return (await tx.plan.findUnique({ where: { stripePriceId: priceId }, select: { name: true } }))?.name ?? null;
}

function subscriptionPriceId(sub: Stripe.Subscription): string | null {
  return sub.items?.data?.[0]?.price?.id ?? null;
}

function invoicePriceId(invoice: Stripe.Invoice): string | null {
  const line = invoice.lines?.data?.find((candidate) => candidate.amount > 0) ?? invoice.lines?.data?.[0];
  const price = line?.pricing?.price_details?.price;
  return typeof price === "string" ? price : (price?.id ?? null);
}

const receipt: Decide = async (tx, event) => {
  const invoice = event.data.object as Stripe.Invoice;
  if (invoice.amount_paid <= 0) return null;
  return {
    template: "billing-receipt",
    optional: true,
    props: {
      amountPaid: invoice.amount_paid,
      currency: invoice.currency,
      planName: await planNameOfPrice(tx, invoicePriceId(invoice)),
      periodStart: seconds(invoice.lines?.data?.[0]?.period?.start ?? invoice.period_start),
      periodEnd: seconds(invoice.lines?.data?.[0]?.period?.end ?? invoice.period_end),
      invoiceNumber: invoice.number ?? null,
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdfUrl: invoice.invoice_pdf ?? null,
    },
  };
};

/** Stripe's own sentence for the decline, from the failed charge we recorded; a plain one when it is not known yet. */
async function declineReason(tx: Tx, invoiceId: string): Promise<string> {
  const payment = await tx.payment.findFirst({
    where: { stripeInvoiceId: invoiceId, status: "failed", failureMessage: { not: null } },
    orderBy: { stripeCreatedAt: "desc" },
    select: { failureMessage: true },
  });
  return payment?.failureMessage ?? "Your bank declined the payment.";
}

const paymentFailed: Decide = async (tx, event) => {
  const invoice = event.data.object as Stripe.Invoice;
  // A failed first payment happens with the customer at the checkout form, which says so there and then.
  if (invoice.billing_reason === "subscription_create") return null;
  return {
    template: "payment-failed",
    optional: false,
    props: {
      amountDue: invoice.amount_due,
      currency: invoice.currency,
      reason: await declineReason(tx, invoice.id),
      nextAttemptAt: seconds(invoice.next_payment_attempt),
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    },
  };
};

const paymentActionRequired: Decide = async (_tx, event) => {
  const invoice = event.data.object as Stripe.Invoice;
  if (!invoice.hosted_invoice_url) return null;
  return {
    template: "payment-action-required",
    optional: false,
    props: { amountDue: invoice.amount_due, currency: invoice.currency, hostedInvoiceUrl: invoice.hosted_invoice_url },
  };
};

const trialEnding: Decide = async (tx, event) => {
  const sub = event.data.object as Stripe.Subscription;
  if (!sub.trial_end) return null;
  return {
    template: "trial-ending",
    optional: false,
    props: { planName: await planNameOfPrice(tx, subscriptionPriceId(sub)), trialEnd: seconds(sub.trial_end)! },
  };
};

/** Cancelled for good: said only when the tenant paid for it and holds no other live subscription (not a duplicate). */
const subscriptionEnded: Decide = async (tx, event, tenantId) => {
  const sub = event.data.object as Stripe.Subscription;
  const [paid, others] = await Promise.all([
    tx.invoice.count({ where: { stripeSubscriptionId: sub.id, amountPaid: { gt: 0 } } }),
    tx.subscription.findMany({ where: { tenantId, stripeSubscriptionId: { not: sub.id } }, select: { status: true } }),
  ]);
  if (paid === 0 || others.some((other) => isLiveStatus(other.status))) return null;
  return {
    template: "subscription-ending",
    optional: false,
    props: { planName: await planNameOfPrice(tx, subscriptionPriceId(sub)), endsAt: null },
  };
};

/** An update that schedules the end, or changes the price. Other updates send nothing. */
const subscriptionUpdated: Decide = async (tx, event) => {
  const sub = event.data.object as Stripe.Subscription;
  const previous = (event.data.previous_attributes ?? {}) as Partial<Stripe.Subscription>;
  const endsAt = sub.cancel_at ?? (sub.cancel_at_period_end ? (sub.items?.data?.[0]?.current_period_end ?? null) : null);
  if (scheduledToEnd(sub, previous) && endsAt) {
    return {
      template: "subscription-ending",
      optional: false,
      props: { planName: await planNameOfPrice(tx, subscriptionPriceId(sub)), endsAt: seconds(endsAt) },
    };
  }
  const previousPriceId = previous.items?.data?.[0]?.price?.id;
  const priceId = subscriptionPriceId(sub);
  if (!previousPriceId || !priceId || previousPriceId === priceId) return null;
  const [to, from] = await Promise.all([
    tx.plan.findUnique({ where: { stripePriceId: priceId }, select: { name: true, amount: true, currency: true, interval: true } }),
    planNameOfPrice(tx, previousPriceId),
  ]);
  if (!to) return null;
  // Charged now when the change opened a new invoice (an upgrade invoiced at once) that we already hold.
  const newInvoiceId = previous.latest_invoice !== undefined ? idOf(sub.latest_invoice) : null;
  const charged = newInvoiceId
    ? await tx.invoice.findUnique({ where: { stripeInvoiceId: newInvoiceId }, select: { total: true } })
    : null;
  return {
    template: "plan-changed",
    optional: true,
    props: { fromPlan: from, toPlan: to.name, price: to.amount, currency: to.currency, interval: to.interval, amountCharged: charged?.total ?? null },
  };
};

function scheduledToEnd(sub: Stripe.Subscription, previous: Partial<Stripe.Subscription>): boolean {
  const newlyAtPeriodEnd = "cancel_at_period_end" in previous && !previous.cancel_at_period_end && sub.cancel_at_period_end;
  const newlyAt = "cancel_at" in previous && !previous.cancel_at && !!sub.cancel_at;
  return newlyAtPeriodEnd || newlyAt;
}

const refundIssued: Decide = async (_tx, event) => {
  const charge = event.data.object as Stripe.Charge;
  const previous = (event.data.previous_attributes ?? {}) as Partial<Stripe.Charge>;
  const refunded = charge.amount_refunded - (previous.amount_refunded ?? 0);
  if (refunded <= 0) return null;
  return {
    template: "refund-issued",
    optional: true,
    props: { amountRefunded: refunded, currency: charge.currency, paymentAmount: charge.amount },
  };
};

const DECIDERS: Partial<Record<Stripe.Event["type"], Decide>> = {
  "invoice.paid": receipt,
  "invoice.payment_failed": paymentFailed,
  "invoice.payment_action_required": paymentActionRequired,
  "customer.subscription.trial_will_end": trialEnding,
  "customer.subscription.deleted": subscriptionEnded,
  "customer.subscription.updated": subscriptionUpdated,
  "charge.refunded": refundIssued,
};

/**
 * Whether an event may cause a billing email, from the payload alone: such events queue the job that decides it.
 * Subscription updates qualify only when they touch the price or the scheduled end, so the frequent ones queue none.
 */
export function mayCauseBillingEmail(event: Stripe.Event): boolean {
  if (!DECIDERS[event.type]) return false;
  if (event.type !== "customer.subscription.updated") return true;
  const previous = event.data.previous_attributes ?? {};
  return "items" in previous || "cancel_at_period_end" in previous || "cancel_at" in previous;
}

/**
 * The billing emails an applied event causes, one per recipient, decided from the event and our rows as they are
 * now (reads only: `db` may be the client or a transaction), to the tenant's `audience` (lib/mail/billing-recipients.ts;
 * null: it has none), which the caller read for its whole batch: a tenant with nobody to write to needs no decision
 * (its reads are the rest of the decision's queries).
 */
export async function decideBillingEmails(
  db: Tx,
  event: Stripe.Event,
  tenantId: string | null,
  audience: BillingAudience | null,
): Promise<QueuedEmail[]> {
  const decide = DECIDERS[event.type];
  if (!decide || !tenantId || !mayCauseBillingEmail(event)) return [];
  if (!audience || audience.recipients.length === 0) return [];
  const decision = await decide(db, event, tenantId);
  if (!decision || (decision.optional && !audience.optionalEmails)) return [];
  return audience.recipients.map(
    (to) => ({ key: event.id, to, tenantId, template: decision.template, props: { ...decision.props, tenantName: audience.tenantName } }) as QueuedEmail,
  );
}

/** Queues the billing emails an applied event causes, to each recipient, all or none. */
export async function queueBillingEmails(db: Db, event: Stripe.Event, tenantId: string | null, audience: BillingAudience | null): Promise<void> {
  const emails = await decideBillingEmails(db, event, tenantId, audience);
  // One email is one statement, atomic by itself; several commit together. Most events decide none or one.
  if (emails.length === 1) await queueEmail(db, emails[0]!);
  else if (emails.length > 1) {
    await db.$transaction(async (tx) => {
      for (const email of emails) await queueEmail(tx, email);
    });
  }
}
