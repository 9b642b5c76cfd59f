// /admin — billing health at a glance: tenants by access and status, MRR and its 30-day change, failed
// payments, refunds and webhook health.
import Link from "next/link";
import { MrrChart } from "@/components/admin/mrr-chart";
import { StatCard } from "@/components/admin/stat-card";
import { StatusPill } from "@/components/admin/status-pill";
import styles from "@/components/admin/admin.module.css";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { formatMoney, formatMoneyByCurrency } from "@/lib/format/money";

function ago(seconds: number | null): string {
  if (seconds === null) return "never";
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

export default async function AdminOverviewPage() {
  await requireAdmin();
  const o = await getAdminOverview();
  const change = o.mrr.change;
  const changePct = o.mrr.thirtyDaysAgo > 0 ? (change / o.mrr.thirtyDaysAgo) * 100 : null;
  const maxStatus = Math.max(1, ...o.byStatus.map((s) => s.count));
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Overview</h1>
          <p className={styles.pageSubtitle}>{o.tenants.toLocaleString("en-US")} tenants</p>
        </div>
      </header>

      <section className={styles.grid} aria-label="Key figures">
        <StatCard
          label="MRR"
          testId="overview-mrr"
          value={formatMoney(o.mrr.current, o.mrr.currency)}
          hint={
            <span className={change >= 0 ? styles.up : styles.down}>
              {change > 0 && "+"}
              {formatMoney(change, o.mrr.currency)}
              {changePct !== null && ` (${changePct >= 0 ? "+" : ""}${changePct.toFixed(1)} %)`} in 30 days
            </span>
          }
        />
        <StatCard label="Full access" value={o.byAccess.full.toLocaleString("en-US")} hint="active or trialing" testId="access-full" />
        <StatCard label="In grace" value={o.byAccess.grace.toLocaleString("en-US")} hint="past due, still working" testId="access-grace" />
        <StatCard label="Restricted" value={o.byAccess.restricted.toLocaleString("en-US")} hint="read-only until paid" testId="access-restricted" />
        <StatCard label="No access" value={o.byAccess.none.toLocaleString("en-US")} hint="canceled or never subscribed" testId="access-none" />
        <StatCard
          label="Failed payments, 7 days"
          value={o.failedPayments7d.count.toLocaleString("en-US")}
          hint={formatMoneyByCurrency(o.failedPayments7d.byCurrency, o.mrr.currency)}
          testId="failed-payments"
        />
        <StatCard
          label="Refunds, 30 days"
          value={o.refunds30d.count.toLocaleString("en-US")}
          hint={formatMoneyByCurrency(o.refunds30d.byCurrency, o.mrr.currency)}
          testId="refunds"
        />
      </section>

      <div className={styles.twoCols}>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>MRR, last 30 days</h2>
          <MrrChart series={o.mrr.series} currency={o.mrr.currency} />
        </section>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Subscription status</h2>
          <div className={styles.bars}>
            {o.byStatus.map((row) => (
              <Link key={row.status} href={`/admin/tenants?status=${row.status}`} className={styles.barRow} style={{ color: "inherit", textDecoration: "none" }}>
                <StatusPill status={row.status} />
                <span className={styles.barTrack}>
                  <span className={styles.barFill} style={{ display: "block", width: `${(row.count / maxStatus) * 100}%` }} />
                </span>
                <span className={styles.num}>{row.count.toLocaleString("en-US")}</span>
              </Link>
            ))}
            {o.byStatus.length === 0 && <p className={styles.muted}>No tenants yet.</p>}
          </div>
        </section>
      </div>

      {(o.webhooks.conflictOpen > 0 || o.webhooks.unmatchedOpen > 0) && (
        <section className={styles.panel} role="alert" data-testid="webhook-parked-alert">
          <h2 className={styles.panelTitle}>Stripe events parked</h2>
          <p>
            {o.webhooks.conflictOpen > 0 && (
              <Link href="/admin/webhooks?status=conflict">
                {o.webhooks.conflictOpen} event(s) named another tenant than their customer&apos;s owner and changed nothing.
              </Link>
            )}{" "}
            {o.webhooks.unmatchedOpen > 0 && (
              <Link href="/admin/webhooks?status=unmatched">
                {o.webhooks.unmatchedOpen} event(s) for customers no tenant owns, applied once the customer is linked.
              </Link>
            )}
          </p>
        </section>
      )}

      <section className={styles.panel} data-testid="webhook-health">
        <h2 className={styles.panelTitle}>Webhook health</h2>
        <div className={styles.grid}>
          <StatCard label="Events, last hour" value={o.webhooks.lastHour} hint={`${o.webhooks.perHour24h} per hour over 24 h`} />
          <StatCard
            label="Failed, 24 h"
            value={o.webhooks.failed24h}
            hint={
              <Link href="/admin/webhooks?status=failed">{o.webhooks.failedOpen} failed in the ledger</Link>
            }
          />
          <StatCard
            label="Last event"
            value={ago(o.webhooks.secondsSinceLastEvent)}
            hint={o.webhooks.lastEventAt ? formatDateTime(o.webhooks.lastEventAt) : "no events received"}
          />
          <StatCard
            label="Rejected deliveries"
            value={o.webhooks.rejected.total}
            hint={`bad signature, stale or malformed; this instance since ${formatDateTime(o.webhooks.rejected.since)}`}
          />
        </div>
      </section>
    </>
  );
}
