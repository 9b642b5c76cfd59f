// The dunning story of one tenant, from what webhooks stored: failed charges, invoices' attempt counts and
// Stripe's scheduled next attempt (`next_payment_attempt`). Pure, so it is tested without a database.

export type DunningInvoice = {
  stripeInvoiceId: string;
  status: string;
  amountDue: number;
  currency: string;
  attemptCount: number;
  nextPaymentAttempt: Date | null;
  stripeCreatedAt: Date;
  paidAt: Date | null;
};

export type DunningPayment = {
  stripeChargeId: string;
  stripeInvoiceId: string | null;
  status: string;
  amount: number;
  currency: string;
  failureCode: string | null;
  failureMessage: string | null;
  stripeCreatedAt: Date;
};

export type DunningEntry = {
  at: Date;
  kind: "invoice_opened" | "attempt_failed" | "attempt_succeeded" | "next_retry" | "recovered";
  stripeInvoiceId: string;
  title: string;
  detail: string | null;
  /** True for a retry Stripe has scheduled but not yet made. */
  upcoming: boolean;
};

/** Only invoices that needed more than one attempt or are still open after one: the rest paid first time. */
export function buildDunningTimeline(invoices: DunningInvoice[], payments: DunningPayment[], now = new Date()): DunningEntry[] {
  const entries: DunningEntry[] = [];
  const byInvoice = new Map<string, DunningPayment[]>();
  for (const payment of payments) {
    if (!payment.stripeInvoiceId) continue;
    const list = byInvoice.get(payment.stripeInvoiceId) ?? [];
    list.push(payment);
    byInvoice.set(payment.stripeInvoiceId, list);
  }
  for (const invoice of invoices) {
    const charges = byInvoice.get(invoice.stripeInvoiceId) ?? [];
    const failures = charges.filter((c) => c.status === "failed");
    const inDunning = failures.length > 0 || (invoice.status === "open" && invoice.attemptCount > 0) || invoice.attemptCount > 1;
    if (!inDunning) continue;
    entries.push({
      at: invoice.stripeCreatedAt,
      kind: "invoice_opened",
      stripeInvoiceId: invoice.stripeInvoiceId,
      title: `Invoice ${invoice.stripeInvoiceId} due`,
      detail: `${invoice.attemptCount} attempt${invoice.attemptCount === 1 ? "" : "s"} so far`,
      upcoming: false,
    });
    for (const charge of charges) {
      const ok = charge.status === "succeeded";
      entries.push({
        at: charge.stripeCreatedAt,
        kind: ok ? "attempt_succeeded" : "attempt_failed",
        stripeInvoiceId: invoice.stripeInvoiceId,
        title: ok ? "Payment succeeded" : "Payment failed",
        detail: ok ? null : [charge.failureCode, charge.failureMessage].filter(Boolean).join(": ") || null,
        upcoming: false,
      });
    }
    if (invoice.status === "paid" && invoice.paidAt && failures.length > 0) {
      entries.push({
        at: invoice.paidAt,
        kind: "recovered",
        stripeInvoiceId: invoice.stripeInvoiceId,
        title: "Recovered",
        detail: `paid after ${invoice.attemptCount} attempts`,
        upcoming: false,
      });
    }
    if (invoice.status === "open" && invoice.nextPaymentAttempt) {
      entries.push({
        at: invoice.nextPaymentAttempt,
        kind: "next_retry",
        stripeInvoiceId: invoice.stripeInvoiceId,
        title: "Next automatic retry",
        detail: `attempt ${invoice.attemptCount + 1}`,
        upcoming: invoice.nextPaymentAttempt.getTime() > now.getTime(),
      });
    }
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
