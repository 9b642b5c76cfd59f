// /admin/churn — why customers leave: cancellations per reason they gave Stripe, involuntary churn beside them,
// and their newest comments (the last 12 months).
import Link from "next/link";
import { BarList } from "@/components/admin/bar-list";
import { StatCard } from "@/components/admin/stat-card";
import styles from "@/components/admin/admin.module.css";
import { getChurnReasons } from "@/lib/admin/get-churn-reasons";
import { requireAdmin } from "@/lib/auth/guards";
import { cancellationFeedbackLabel } from "@/lib/format/cancellation-feedback";
import { formatDate } from "@/lib/format/dates";

export default async function AdminChurnPage() {
  await requireAdmin();
  const churn = await getChurnReasons();
  const share = (count: number) => (churn.requested > 0 ? `${Math.round((count / churn.requested) * 100)} %` : "");
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Churn reasons</h1>
          <p className={styles.pageSubtitle}>
            Cancellations asked for from {formatDate(churn.from)} to {formatDate(churn.to)}, with the reason the customer gave.
          </p>
        </div>
      </header>
      <section className={styles.grid} aria-label="Cancellations">
        <StatCard label="Canceled by the customer" value={churn.requested.toLocaleString("en-US")} hint="at period end or at once" testId="churn-requested" />
        <StatCard label="Ended by non-payment" value={churn.involuntary.toLocaleString("en-US")} hint="involuntary churn" testId="churn-involuntary" />
      </section>
      <div className={styles.twoCols}>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Reasons given</h2>
          {churn.byFeedback.length === 0 ? (
            <p className={styles.muted}>No cancellations in this period.</p>
          ) : (
            <BarList
              label="Cancellations per reason"
              testId="churn-reasons"
              items={churn.byFeedback.map((row) => ({
                key: row.feedback ?? "none",
                label: cancellationFeedbackLabel(row.feedback),
                value: row.count,
                display: `${row.count.toLocaleString("en-US")} · ${share(row.count)}`,
              }))}
            />
          )}
        </section>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Recent comments</h2>
          {churn.comments.length === 0 ? (
            <p className={styles.muted}>No comments yet.</p>
          ) : (
            <ul className={styles.quotes} data-testid="churn-comments">
              {churn.comments.map((c) => (
                <li key={`${c.tenantId}:${c.canceledAt.toISOString()}`}>
                  <blockquote style={{ margin: 0 }} className={styles.wrap}>
                    “{c.comment}”
                  </blockquote>
                  <span className={`${styles.small} ${styles.muted}`}>
                    <Link href={`/admin/tenants/${c.tenantId}`}>{c.tenantName}</Link>
                    {c.planName ? ` · ${c.planName}` : ""} · {cancellationFeedbackLabel(c.feedback)} · {formatDate(c.canceledAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
