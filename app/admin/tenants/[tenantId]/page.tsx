// /admin/tenants/[tenantId] — one tenant's billing: subscriptions, invoices, payments and refunds, the dunning
// timeline and the audit trail, with refund, cancel and retry actions.
import Link from "next/link";
import { notFound } from "next/navigation";
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


function json(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

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
        <StatusPill status={summary?.status ?? "none"} testId="tenant-detail-status" />
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
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Subscription history">
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Subscription</th>
                <th>Plan</th>
                <th>Status</th>
                <th>Period</th>
                <th>Cancel</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((s) => (
                <tr key={s.id} data-testid="subscription-row">
                  <td className={styles.mono}>{s.stripeSubscriptionId}</td>
                  <td>
                    {s.plan ? `${s.plan.name} · ${formatMoney(s.plan.amount, s.plan.currency)}/${s.plan.interval}` : (s.stripePriceId ?? "—")}
                    {s.quantity > 1 && ` × ${s.quantity}`}
                  </td>
                  <td>
                    <StatusPill status={s.status} />
                  </td>
                  <td>
                    {s.currentPeriodStart ? formatDate(s.currentPeriodStart) : "—"} → {s.currentPeriodEnd ? formatDate(s.currentPeriodEnd) : "—"}
                  </td>
                  <td>{s.cancelAtPeriodEnd ? "at period end" : s.canceledAt ? formatDate(s.canceledAt) : "—"}</td>
                  <td>{formatDateTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {subscriptions.length === 0 && <p className={styles.empty}>No subscriptions.</p>}
        </div>
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
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Invoices">
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Invoice</th>
                <th>Status</th>
                <th className={styles.num}>Total</th>
                <th className={styles.num}>Remaining</th>
                <th className={styles.num}>Attempts</th>
                <th>Next attempt</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {invoices.map((inv) => (
                <tr key={inv.id} data-testid="invoice-row">
                  <td className={styles.mono}>{inv.stripeInvoiceId}</td>
                  <td>
                    <StatusPill status={inv.status} />
                  </td>
                  <td className={styles.num}>{formatMoney(inv.total, inv.currency)}</td>
                  <td className={styles.num}>{formatMoney(inv.amountRemaining, inv.currency)}</td>
                  <td className={styles.num}>{inv.attemptCount}</td>
                  <td>{inv.nextPaymentAttempt ? formatDateTime(inv.nextPaymentAttempt) : "—"}</td>
                  <td>{formatDate(inv.stripeCreatedAt)}</td>
                  <td>
                    {inv.status === "open" &&
                      (!inv.stripeSubscriptionId || liveSubscriptionIds.has(inv.stripeSubscriptionId) ? (
                        <RetryInvoiceButton invoiceId={inv.id} />
                      ) : (
                        <span className={styles.small}>Subscription ended: not retried</span>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {invoices.length === 0 && <p className={styles.empty}>No invoices.</p>}
        </div>
      </section>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Payments and refunds</h2>
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Payments and refunds">
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Charge</th>
                <th>Status</th>
                <th className={styles.num}>Amount</th>
                <th className={styles.num}>Refunded</th>
                <th>Card</th>
                <th>Date</th>
                <th>Refunds</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => {
                const refundable = p.amount - p.amountRefunded;
                return (
                  <tr key={p.id} data-testid="payment-row" data-charge-id={p.stripeChargeId}>
                    <td className={styles.mono}>{p.stripeChargeId}</td>
                    <td>
                      <StatusPill status={p.refunded ? "refunded" : p.status} />
                      {p.failureMessage && <div className={`${styles.small} ${styles.muted}`}>{p.failureMessage}</div>}
                    </td>
                    <td className={styles.num}>{formatMoney(p.amount, p.currency)}</td>
                    <td className={styles.num} data-testid="payment-refunded">
                      {formatMoney(p.amountRefunded, p.currency)}
                    </td>
                    <td>{p.cardBrand ? `${formatCardBrand(p.cardBrand)} •••• ${p.cardLast4 ?? ""}` : "—"}</td>
                    <td>{formatDateTime(p.stripeCreatedAt)}</td>
                    <td className={styles.wrap}>
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
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {payments.length === 0 && <p className={styles.empty}>No payments.</p>}
        </div>
      </section>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Audit trail</h2>
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Audit trail">
          <table className={styles.table} data-testid="tenant-audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What happened</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.createdAt)}</td>
                  <td>{describeActor(a.actor, a.actorEmail)}</td>
                  <td className={styles.wrap} style={{ minWidth: "32ch" }}>
                    <span data-testid="audit-sentence">{describeAudit(a)}</span>
                    <details>
                      <summary className={styles.small}>Details</summary>
                      <div className={`${styles.mono} ${styles.small}`}>
                        {a.action} · {a.actor}: {json(a.before)} → {json(a.after)}
                      </div>
                    </details>
                  </td>
                  <td className={styles.wrap}>{a.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {audit.length === 0 && <p className={styles.empty}>Nothing recorded yet.</p>}
        </div>
        <p className={styles.small}>
          <Link href={`/admin/audit?tenant=${tenant.id}`}>Full audit log for this tenant →</Link>
        </p>
      </section>
    </>
  );
}
