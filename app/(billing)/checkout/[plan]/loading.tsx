import styles from "@/components/billing/billing.module.css";

export default function CheckoutLoading() {
  return (
    <div aria-busy="true">
      <span className={styles.visuallyHidden}>Loading checkout…</span>
      <div className={styles.skeleton} style={{ width: 320, height: 32, marginBottom: 28 }} />
      <div className={styles.checkout}>
        <div className={styles.card} style={{ height: 260 }} />
        <div className={styles.card} style={{ height: 320 }} />
      </div>
    </div>
  );
}
