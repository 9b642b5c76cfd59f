import styles from "@/components/billing/billing.module.css";

export default function BillingLoading() {
  return (
    <div aria-busy="true">
      <span className={styles.visuallyHidden}>Loading billing…</span>
      <div className={styles.skeleton} style={{ width: 200, height: 32, marginBottom: 28 }} />
      <div className={styles.grid2}>
        <div className={styles.card} style={{ height: 180 }} />
        <div className={styles.card} style={{ height: 180 }} />
      </div>
      <div className={styles.card} style={{ height: 220, marginTop: 20 }} />
    </div>
  );
}
