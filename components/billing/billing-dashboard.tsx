import type { ReactNode } from "react";
import type { BillingOverview, InvoiceView, PaymentMethodView } from "@/lib/billing/get-billing-overview";
import type { UpcomingCharge } from "@/lib/billing/get-upcoming-charge";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import styles from "./billing.module.css";
import { InvoiceTable } from "./invoice-table";
import { PaymentMethodSummary } from "./payment-method-summary";
import { StatusBadge } from "./status-badge";

const ACCESS_WORDS = {
  full: "Full access",
  grace: "Full access for now — payment overdue",
  restricted: "Restricted: read-only until billing is fixed",
  none: "No access to paid features",
} as const;

/**
 * What a tenant's billing dashboard shows: plan and status in plain words, the next charge and credit, the card
 * and the invoices. The tenant's page passes its action panels in the slots; an admin's read-only view of the
 * same dashboard passes none, so it shows exactly what the tenant sees without a single working button.
 */
export function BillingDashboard(props: {
  overview: BillingOverview;
  paymentMethod: PaymentMethodView | null;
  invoices: InvoiceView[];
  upcoming: UpcomingCharge | null;
  /** Words for the past-due banner's remedy: a link for those who can fix it, a pointer for the others. */
  remedy: ReactNode;
  planActions?: ReactNode;
  paymentActions?: ReactNode;
  /** Sections between the cards and the invoices (change plan, cancel). */
  children?: ReactNode;
  /** Sections after the invoices (the billing email settings). */
  footer?: ReactNode;
}) {
  const { overview, paymentMethod, invoices, upcoming } = props;
  const sub = overview.subscription;
  return (
    <>
      {overview.paymentFailed && (
        <div className={`${styles.banner} ${styles.bannerDanger}`} role="alert" data-testid="past-due-banner">
          <strong>Your last payment failed.</strong>{" "}
          {overview.nextPaymentAttempt
            ? `We will retry on ${formatDateTime(overview.nextPaymentAttempt)}.`
            : "No automatic retry is scheduled."}{" "}
          {props.remedy} to keep your access.
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
                Credit <strong>{formatMoney(upcoming.creditBalance, upcoming.currency)}</strong>, applied to your next invoice
              </p>
            )}
            <p className={`${styles.small} ${styles.muted}`} style={{ margin: "0 0 14px" }} data-testid="access-state">
              {ACCESS_WORDS[overview.access]}
            </p>
            {props.planActions && <div className={styles.row}>{props.planActions}</div>}
          </section>

          <section className={styles.card} aria-labelledby="pm-title" id="payment-method">
            <h2 className={styles.cardTitle} id="pm-title">
              Payment method
            </h2>
            <PaymentMethodSummary paymentMethod={paymentMethod} />
            {props.paymentActions}
          </section>
        </div>

        {props.children}

        <section className={styles.card} aria-labelledby="invoices-title">
          <h2 className={styles.cardTitle} id="invoices-title">
            Invoices
          </h2>
          <InvoiceTable invoices={invoices} />
        </section>

        {props.footer}
      </div>
    </>
  );
}
