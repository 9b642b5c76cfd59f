// /admin/tenants/[tenantId] — one tenant's billing: subscriptions, invoices, payments and refunds, the dunning
// timeline and the audit trail, with refund, cancel and retry actions.
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditEntry } from "@/components/admin/audit-entry";
import { DataTable, type Column } from "@/components/admin/data-table";
import { StatCard } from "@/components/admin/stat-card";
import { StatusPill } from "@/components/admin/status-pill";
import styles from "@/components/admin/admin.module.css";
import { getTenantDetailOrThrow } from "@/lib/admin/get-tenant-detail";
import { describeActor, describeAudit } from "@/lib/audit/describe-audit";
import { isLiveStatus } from "@/lib/billing/current-subscription";
import { requireAdmin } from "@/lib/auth/guards";
import { formatCardBrand } from "@/lib/format/card-brand";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { isAppError } from "@/lib/errors";
import { CancelForm, RefundForm, RetryInvoiceButton, SignOutEverywhereButton } from "./admin-actions-ui";



type Detail = Awaited<ReturnType<typeof getTenantDetailOrThrow>>;

const SUBSCRIPTION_COLUMNS: Column<Detail["subscriptions"][number]>[] = [
  { label: "Subscription", cellClassName: styles.mono, cell: (s) => s.stripeSubscriptionId },
  {
    label: "Plan",
    cell: (s) => (
      <>
        {s.plan ? `${s.plan.name} · ${formatMoney(s.plan.amount, s.plan.currency)}/${s.plan.interval}` : (s.stripePriceId ?? "—")}
        {s.quantity > 1 && ` × ${s.quantity}`}
      </>
    ),
  },
  { label: "Status", cell: (s) => <StatusPill status={s.status} /> },
  {
    label: "Period",
    cell: (s) => (
      <>
        {s.currentPeriodStart ? formatDate(s.currentPeriodStart) : "—"} → {s.currentPeriodEnd ? formatDate(s.currentPeriodEnd) : "—"}
      </>
    ),
  },
  { label: "Cancel", cell: (s) => (s.cancelAtPeriodEnd ? "at period end" : s.canceledAt ? formatDate(s.canceledAt) : "—") },
  { label: "Created", cell: (s) => formatDateTime(s.createdAt) },
];

type InvoiceRow = Detail["invoices"][number];

const INVOICE_COLUMNS: Column<InvoiceRow>[] = [
  { label: "Invoice", cellClassName: styles.mono, cell: (inv) => inv.stripeInvoiceId },
  { label: "Status", cell: (inv) => <StatusPill status={inv.status} /> },
  { label: "Total", numeric: true, cell: (inv) => formatMoney(inv.total, inv.currency) },
  { label: "Remaining", numeric: true, cell: (inv) => formatMoney(inv.amountRemaining, inv.currency) },
  { label: "Attempts", numeric: true, cell: (inv) => inv.attemptCount },
  { label: "Next attempt", cell: (inv) => (inv.nextPaymentAttempt ? formatDateTime(inv.nextPaymentAttempt) : "—") },
  { label: "Created", cell: (inv) => formatDate(inv.stripeCreatedAt) },
];

/** The retry button, where retrying can charge for something: an open invoice of a live subscription (or none). */
function retryColumn(liveSubscriptionIds: ReadonlySet<string>): Column<InvoiceRow> {
  return {
    label: "Actions",
    header: <span className={styles.visuallyHidden}>Actions</span>,
    cell: (inv) =>
      inv.status === "open" &&
      (!inv.stripeSubscriptionId || liveSubscriptionIds.has(inv.stripeSubscriptionId) ? (
        <RetryInvoiceButton invoiceId={inv.id} />
      ) : (
        <span className={styles.small}>Subscription ended: not retried</span>
      )),
  };
}

const PAYMENT_COLUMNS: Column<Detail["payments"][number]>[] = [
  { label: "Charge", cellClassName: styles.mono, cell: (p) => p.stripeChargeId },
  {
    label: "Status",
    cell: (p) => (
      <>
        <StatusPill status={p.refunded ? "refunded" : p.status} />
        {p.failureMessage && <div className={`${styles.small} ${styles.muted}`}>{p.failureMessage}</div>}
      </>
    ),
  },
  { label: "Amount", numeric: true, cell: (p) => formatMoney(p.amount, p.currency) },
  { label: "Refunded", numeric: true, cell: (p) => <span data-testid="payment-refunded">{formatMoney(p.amountRefunded, p.currency)}</span> },
  { label: "Card", cell: (p) => (p.cardBrand ? `${formatCardBrand(p.cardBrand)} •••• ${p.cardLast4 ?? ""}` : "—") },
  { label: "Date", cell: (p) => formatDateTime(p.stripeCreatedAt) },
  {
    label: "Refunds",
    cellClassName: styles.wrap,
    cell: (p) => {
      const refundable = p.amount - p.amountRefunded;
      return (
        <>
          {p.refunds.map((r) => (
            <div key={r.id} className={styles.small} data-testid="refund-row">
              {formatMoney(r.amount, r.currency)} · {r.status} · {formatDate(r.stripeCreatedAt)}
            </div>
          ))}
          {p.status === "succeeded" && refundable > 0 && (
            <details>
              <summary>Refund…</summary>
              <RefundForm paymentId={p.id} refundable={refundable} currency={p.currency} />
            </details>
          )}
        </>
      );
    },
  },
];

const AUDIT_COLUMNS: Column<Detail["audit"][number]>[] = [
  { label: "When", cell: (a) => formatDateTime(a.createdAt) },
  { label: "Who", cell: (a) => describeActor(a.actor) },
  {
    label: "What happened",
    cellClassName: styles.wrap,
    cell: (a) => <AuditEntry sentence={describeAudit(a)} entry={a} />,
  },
  { label: "Why", cellClassName: styles.wrap, cell: (a) => a.reason ?? "" },
];

export default async function AdminTenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  await requireAdmin();
  const { tenantId } = await params;
  let detail;
  try {
    detail = await getTenantDetailOrThrow(tenantId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const { tenant, summary, subscriptions, invoices, payments, audit, members, paymentMethod, dunning } = detail;
  const currency = summary?.currency ?? "usd";
  const live = subscriptions.find((s) => isLiveStatus(s.status));
  const liveSubscriptionIds = new Set(subscriptions.filter((s) => isLiveStatus(s.status)).map((s) => s.stripeSubscriptionId));
  const invoiceColumns = [...INVOICE_COLUMNS, retryColumn(liveSubscriptionIds)];

  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <p className={styles.pageSubtitle}>
            <Link href="/admin/tenants">Tenants</Link> /
          </p>
          <h1 className={styles.pageTitle} data-testid="tenant-name">
            {tenant.name}
          </h1>
          <p className={`${styles.pageSubtitle} ${styles.mono}`}>
            {tenant.id} · {tenant.slug} · {tenant.stripeCustomerId ?? "no Stripe customer"}
          </p>
        </div>
        <div className={styles.row}>
          <Link href={`/admin/tenants/${tenant.id}/billing`} className={`${styles.button} ${styles.secondary}`} data-testid="view-as-tenant">
            View as tenant
          </Link>
          <StatusPill status={summary?.status ?? "none"} testId="tenant-detail-status" />
        </div>
      </header>

      <section className={styles.grid}>
        <StatCard label="Plan" value={summary?.planName ?? "—"} />
        <StatCard label="MRR" value={formatMoney(summary?.mrr ?? 0, currency)} testId="tenant-detail-mrr" />
        <StatCard label="Failed attempts" value={summary?.failedAttempts ?? 0} hint="on open invoices" />
        <StatCard
          label="Card"
          value={paymentMethod ? `${formatCardBrand(paymentMethod.brand)} •••• ${paymentMethod.last4}` : "—"}
          hint={paymentMethod ? `expires ${paymentMethod.expMonth}/${paymentMethod.expYear}` : undefined}
        />
      </section>

      <div className={styles.twoCols}>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Members</h2>
          <dl className={styles.dl}>
            {members.map((m) => (
              <div key={m.user.email} style={{ display: "contents" }}>
                <dt>{m.role}</dt>
                <dd>
                  {m.user.name} &lt;{m.user.email}&gt;{" "}
                  <SignOutEverywhereButton tenantId={tenant.id} userId={m.user.id} email={m.user.email} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Cancel</h2>
          {live ? (
            <CancelForm tenantId={tenant.id} />
          ) : (
            <p className={styles.muted}>No live subscription.</p>
          )}
        </section>
      </div>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Subscription history</h2>
        <DataTable
          columns={SUBSCRIPTION_COLUMNS}
          rows={subscriptions}
          rowKey={(s) => s.id}
          rowProps={() => ({ "data-testid": "subscription-row" })}
          label="Subscription history"
          empty="No subscriptions."
        />
      </section>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Dunning</h2>
        {dunning.length === 0 ? (
          <p className={styles.muted}>No failed or retried payments.</p>
        ) : (
          <ol className={styles.timeline} data-testid="dunning-timeline">
            {dunning.map((entry, i) => (
              <li key={`${entry.stripeInvoiceId}-${entry.kind}-${i}`}>
                <span className={`${styles.dot} ${styles[`dot-${entry.kind}`]}`} aria-hidden="true" />
                <span>
                  <strong>{entry.title}</strong> <span className={styles.muted}>{formatDateTime(entry.at)}</span>
                  {entry.upcoming && <span className={styles.muted}> (scheduled)</span>}
                  {entry.detail && <div className={`${styles.small} ${styles.muted}`}>{entry.detail}</div>}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Invoices</h2>
        <DataTable
          columns={invoiceColumns}
          rows={invoices}
          rowKey={(inv) => inv.id}
          rowProps={() => ({ "data-testid": "invoice-row" })}
          label="Invoices"
          empty="No invoices."
        />
      </section>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Payments and refunds</h2>
        <DataTable
          columns={PAYMENT_COLUMNS}
          rows={payments}
          rowKey={(p) => p.id}
          rowProps={(p) => ({ "data-testid": "payment-row", "data-charge-id": p.stripeChargeId })}
          label="Payments and refunds"
          empty="No payments."
        />
      </section>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Audit trail</h2>
        <DataTable columns={AUDIT_COLUMNS} rows={audit} rowKey={(a) => a.id} testId="tenant-audit" label="Audit trail" empty="Nothing recorded yet." />
        <p className={styles.small}>
          <Link href={`/admin/audit?tenant=${tenant.id}`}>Full audit log for this tenant →</Link>
        </p>
      </section>
    </>
  );
}
