"use client";
// The error state of the billing dashboard and pricing pages, inside the billing frame (the header stays): the message
// is generic; details are in the server log. Their error.tsx files re-export it. Checkout has no boundary of its own
// on purpose: a segment's error boundary is a chunk the browser only requests once hydration starts, and on a slow
// network that late request alone cost checkout a round trip (`npm run bench:checkout`); checkout's rare render
// failure gets the root error page instead.
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
