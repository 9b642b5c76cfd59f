// GET /billing — the tenant's plan, status in plain words, payment method, invoices and the actions on them.
// Everything shown comes from rows the webhooks wrote, except the next charge and credit balance, which only
// Stripe knows; members see it read-only (actions are also refused server-side).
import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import styles from "@/components/billing/billing.module.css";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { PaymentMethodSummary } from "@/components/billing/payment-method-summary";
import { StatusBadge } from "@/components/billing/status-badge";
import { requireTenantRole } from "@/lib/auth/guards";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { getBillingOverview, getPaymentMethod, listInvoices } from "@/lib/billing/get-billing-overview";
import { getUpcomingCharge } from "@/lib/billing/get-upcoming-charge";
import { getEnv } from "@/lib/env";
import { listActivePlans } from "@/lib/plans/get-plan";
import { CancelPanel, ResumeForm } from "./cancel-panel";
import { ChangePlanPanel } from "./change-plan-panel";
import { PortalButton } from "./portal-button";
import { UpdatePaymentMethod } from "./update-payment-method";

export const metadata: Metadata = { title: "Billing" };

const ACCESS_WORDS = {
  full: "Full access",
  grace: "Full access for now — payment overdue",
  restricted: "Restricted: read-only until billing is fixed",
  none: "No access to paid features",
} as const;

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ change?: string }> }) {
  const { tenant, role } = await requireTenantRole();
  const { change } = await searchParams;
  const canManage = role === "owner" || role === "billing";
  const [overview, paymentMethod, invoices, plans] = await Promise.all([
    getBillingOverview(tenant.id),
    getPaymentMethod(tenant.id),
    listInvoices(tenant.id),
    listActivePlans(),
  ]);
  const env = getEnv();
  const sub = overview.subscription;
  const held = overview.hasHeldSubscription;
  // Nothing renews once a cancellation is set, nor a trial without a card; the credit balance is still worth showing.
  const renews = held && sub && !sub.cancelAtPeriodEnd && !sub.cancelAt && !overview.trialNeedsCard;
  const upcoming = held ? await getUpcomingCharge(tenant.id, renews ? sub.id : null) : null;
  const pastDue = sub?.status === "past_due" || sub?.status === "unpaid";

  return (
    <>
      <h1 className={styles.pageTitle}>Billing</h1>
      <p className={styles.lead}>Plan, payment method and invoices for {tenant.name}.</p>

      {pastDue && (
        <div className={`${styles.banner} ${styles.bannerDanger}`} role="alert" data-testid="past-due-banner">
          <strong>Your last payment failed.</strong>{" "}
          {overview.nextPaymentAttempt
            ? `We will retry on ${formatDateTime(overview.nextPaymentAttempt)}.`
            : "No automatic retry is scheduled."}{" "}
          {canManage ? <a href="#payment-method">Update your payment method</a> : "Ask an owner to update the payment method."} to keep
          your access.
        </div>
      )}
      {!canManage && (
        <div className={`${styles.banner} ${styles.bannerInfo}`} role="note" data-testid="read-only-notice">
          You have read-only access to billing. Owners and billing admins can change the plan or payment method.
        </div>
      )}

      <div className={styles.stack}>
        <div className={styles.grid2}>
          <section className={styles.card} aria-labelledby="plan-title" data-testid="plan-card">
            <h2 className={styles.cardTitle} id="plan-title">
              Plan
            </h2>
            <div className={styles.row} style={{ marginBottom: 8 }}>
              <strong style={{ fontSize: 20 }} data-testid="plan-name">
                {overview.plan?.name ?? "No plan"}
              </strong>
              {/* Without a subscription the status would only repeat "No plan". */}
              {sub && <StatusBadge label={overview.status.label} tone={overview.status.tone} />}
            </div>
            {overview.plan && (
              <p className={styles.muted} style={{ margin: "0 0 6px" }}>
                {formatMoney(overview.plan.amount, overview.plan.currency)} per {overview.plan.interval}
              </p>
            )}
            <p style={{ margin: "0 0 6px" }} data-testid="status-explanation">
              {overview.status.explanation}
            </p>
            {upcoming?.next && (
              <p style={{ margin: "0 0 6px" }} data-testid="next-charge" data-amount={upcoming.next.amount}>
                Next charge: <strong>{formatMoney(upcoming.next.amount, upcoming.currency)}</strong> on {formatDate(upcoming.next.date)}
              </p>
            )}
            {upcoming && upcoming.creditBalance > 0 && (
              <p style={{ margin: "0 0 6px" }} data-testid="credit-balance" data-amount={upcoming.creditBalance}>
                Credit balance: <strong>{formatMoney(upcoming.creditBalance, upcoming.currency)}</strong>, used first on your next invoices
              </p>
            )}
            <p className={`${styles.small} ${styles.muted}`} style={{ margin: "0 0 14px" }} data-testid="access-state">
              {ACCESS_WORDS[overview.access]}
            </p>
            <div className={styles.row}>
              {!held && canManage && (
                <Link href="/pricing" className={styles.button}>
                  Choose a plan
                </Link>
              )}
              {held && canManage && overview.canResume && <ResumeForm requestId={randomUUID()} />}
              {canManage && env.BILLING_PORTAL_ENABLED && sub && <PortalButton requestId={randomUUID()} />}
            </div>
          </section>

          <section className={styles.card} aria-labelledby="pm-title" id="payment-method">
            <h2 className={styles.cardTitle} id="pm-title">
              Payment method
            </h2>
            <PaymentMethodSummary paymentMethod={paymentMethod} />
            {canManage && sub && (
              <UpdatePaymentMethod requestId={randomUUID()} publicKey={env.STRIPE_PUBLIC_KEY ?? ""} />
            )}
          </section>
        </div>

        {held && canManage && sub?.status !== "canceled" && overview.plan && (
          <section className={styles.card} aria-labelledby="change-title" id="change-plan">
            <h2 className={styles.cardTitle} id="change-title">
              Change plan
            </h2>
            <ChangePlanPanel
              currentKey={overview.plan.key}
              initialKey={change ?? null}
              plans={plans
                .filter((p) => p.key !== overview.plan?.key)
                .map((p) => ({ key: p.key, label: `${p.name} — ${formatMoney(p.amount, p.currency)} / ${p.interval}` }))}
            />
          </section>
        )}

        {held && canManage && sub && !sub.cancelAtPeriodEnd && !sub.cancelAt && (
          <section className={styles.card} aria-labelledby="cancel-title">
            <h2 className={styles.cardTitle} id="cancel-title">
              Cancel subscription
            </h2>
            <CancelPanel requestId={randomUUID()} periodEnd={sub.currentPeriodEnd?.toISOString() ?? null} planName={overview.plan?.name ?? null} />
          </section>
        )}

        <section className={styles.card} aria-labelledby="invoices-title">
          <h2 className={styles.cardTitle} id="invoices-title">
            Invoices
          </h2>
          <InvoiceTable invoices={invoices} />
        </section>
      </div>
    </>
  );
}
