"use client";
import { useActionState } from "react";
import styles from "@/components/billing/billing.module.css";
import { portalFormAction } from "./actions";

export function PortalButton({ requestId }: { requestId: string }) {
  const [state, formAction, pending] = useActionState(portalFormAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="requestId" value={requestId} />
      <button type="submit" className={styles.buttonSecondary} disabled={pending}>
        {pending ? "Opening…" : "Open Stripe billing portal"}
      </button>
      {state && !state.ok && (
        <p className={styles.error} role="alert">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
