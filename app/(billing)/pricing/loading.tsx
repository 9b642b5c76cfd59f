import styles from "@/components/billing/billing.module.css";

export default function PricingLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className={styles.visuallyHidden}>Loading plans…</span>
      <div className={styles.skeleton} style={{ width: 280, height: 32, marginBottom: 28 }} />
      <div className={styles.plans}>
        {[0, 1, 2].map((i) => (
          <div key={i} className={styles.card} style={{ height: 320 }}>
            <div className={styles.skeleton} style={{ width: "50%", marginBottom: 16 }} />
            <div className={styles.skeleton} style={{ width: "70%", height: 36 }} />
          </div>
        ))}
      </div>
    </div>
  );
}
