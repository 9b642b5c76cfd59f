"use client";
import { useActionState } from "react";
import styles from "@/components/billing/billing.module.css";
import { hostedCheckoutFormAction } from "./actions";

/** The alternative path: Stripe's hosted page. A plain form, so it also works without JavaScript. */
export function HostedCheckoutButton({ planKey }: { planKey: string }) {
  const [state, formAction, pending] = useActionState(hostedCheckoutFormAction, null);
  return (
    <form action={formAction} style={{ marginTop: 16 }}>
      <input type="hidden" name="planKey" value={planKey} />
      <button type="submit" className={`${styles.buttonSecondary} ${styles.block}`} disabled={pending}>
        {pending ? "Opening Stripe Checkout…" : "Pay on Stripe Checkout instead"}
      </button>
      {state && !state.ok && (
        <p className={styles.error} role="alert">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
