"use client";
// The error state of the billing pages: the message is generic; details are in the server log.
import styles from "@/components/billing/billing.module.css";

export default function BillingError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className={`${styles.card}`} role="alert">
      <h1 className={styles.cardTitle}>Something went wrong</h1>
      <p className={styles.muted}>
        We could not load this page. Try again in a moment.
        {error.digest && <span className={styles.small}> (reference {error.digest})</span>}
      </p>
      <button type="button" className={styles.button} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
