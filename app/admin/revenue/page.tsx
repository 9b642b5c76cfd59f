// /admin/revenue — the revenue picture as Stripe's dashboards count it: MRR and ARR (paying subscriptions only,
// trials excluded, net of recurring discounts, yearly plans as a twelfth, before tax), MRR gained and lost per month, revenue by plan and
// trial conversion. Read from the MRR history the database keeps, so it costs the same at any size.
import { BarList } from "@/components/admin/bar-list";
import { MrrChart } from "@/components/admin/mrr-chart";
import { MrrMovementsChart } from "@/components/admin/mrr-movements-chart";
import { StatCard } from "@/components/admin/stat-card";
import styles from "@/components/admin/admin.module.css";
import { getRevenue, TRIAL_WINDOW_MONTHS } from "@/lib/admin/get-revenue";
import { requireAdmin } from "@/lib/auth/guards";
import { formatMoney } from "@/lib/format/money";
import { formatBillingCadence } from "@/lib/format/plan-interval";

function conversion(trials: { ended: number; converted: number }): { value: string; hint: string } {
  if (trials.ended === 0) return { value: "No trials", hint: `no trial ended in the last ${TRIAL_WINDOW_MONTHS} months` };
  return {
    value: `${Math.round((trials.converted / trials.ended) * 100)} %`,
    hint: `${trials.converted} of ${trials.ended} trials ended in ${TRIAL_WINDOW_MONTHS} months went on to pay`,
  };
}

export default async function AdminRevenuePage() {
  await requireAdmin();
  const r = await getRevenue();
  const trial = conversion(r.trials);
  const thisMonth = r.months[r.months.length - 1];
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Revenue</h1>
          <p className={styles.pageSubtitle}>
            Recurring revenue in {r.currency.toUpperCase()}: active and past-due subscriptions, trials excluded, net of recurring discounts, before tax.
          </p>
        </div>
      </header>

      <section className={styles.grid} aria-label="Key figures">
        <StatCard label="MRR" value={formatMoney(r.mrr, r.currency)} hint={`${r.payingSubscriptions.toLocaleString("en-US")} paying subscriptions`} testId="revenue-mrr" />
        <StatCard label="ARR" value={formatMoney(r.arr, r.currency)} hint="MRR × 12" testId="revenue-arr" />
        <StatCard
          label="Net new MRR, this month"
          value={formatMoney(thisMonth?.net ?? 0, r.currency)}
          hint={`${formatMoney(thisMonth?.churn ?? 0, r.currency)} churned`}
          testId="revenue-net"
        />
        <StatCard label="Trial conversion" value={trial.value} hint={`${trial.hint}; ${r.trials.trialingNow} in trial now`} testId="revenue-trials" />
      </section>

      <div className={styles.twoCols}>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>MRR, last 12 months</h2>
          <MrrChart series={r.months.map((m) => ({ day: m.month.slice(0, 7), mrr: m.mrr }))} currency={r.currency} span="12 months" />
        </section>
        <section className={styles.panel}>
          <h2 className={styles.panelTitle}>Revenue by plan</h2>
          {r.byPlan.length === 0 ? (
            <p className={styles.muted}>No paying subscriptions yet.</p>
          ) : (
            <BarList
              label="MRR per plan"
              testId="revenue-by-plan"
              items={r.byPlan.map((p) => ({
                key: p.planId,
                label: `${p.planName} (${formatBillingCadence(p.interval === "year" ? "year" : "month")}) · ${p.subscriptions.toLocaleString("en-US")}`,
                value: p.mrr,
                display: formatMoney(p.mrr, r.currency),
              }))}
            />
          )}
        </section>
      </div>

      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>MRR gained and lost per month</h2>
        <MrrMovementsChart months={r.months} currency={r.currency} />
      </section>

      {r.otherCurrencies.length > 0 && (
        <p className={styles.muted}>
          Also billed in other currencies (not converted):{" "}
          {r.otherCurrencies.map((c) => `${formatMoney(c.mrr, c.currency)} MRR`).join(", ")}.
        </p>
      )}
    </>
  );
}
