"use client";
import { useActionState } from "react";
import styles from "@/components/billing/billing.module.css";
import { hostedCheckoutFormAction } from "./actions";

/** The alternative path: Stripe's hosted page. A plain form, so it also works without JavaScript. */
export function HostedCheckoutButton({ planKey, trial = false, promotionCode }: { planKey: string; trial?: boolean; promotionCode?: string }) {
  const [state, formAction, pending] = useActionState(hostedCheckoutFormAction, null);
  return (
    <form action={formAction} style={{ marginTop: 16 }}>
      <input type="hidden" name="planKey" value={planKey} />
      {trial && <input type="hidden" name="trial" value="1" />}
      {promotionCode && <input type="hidden" name="promotionCode" value={promotionCode} />}
      <button type="submit" className={`${styles.buttonSecondary} ${styles.block}`} disabled={pending}>
        {pending ? "Opening Stripe Checkout…" : trial ? "Start the trial on Stripe Checkout instead" : "Pay on Stripe Checkout instead"}
      </button>
      {state && !state.ok && (
        <p className={styles.error} role="alert">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
