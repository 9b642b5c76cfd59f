"use client";
import { useActionState, useState } from "react";
import styles from "@/components/billing/billing.module.css";
import { formatDate } from "@/lib/billing/format";
import { cancelFormAction, resumeFormAction } from "./actions";

/** Cancel at period end (the default) or now, with what each means stated before the click. Works without JS. */
export function CancelPanel({ requestId, periodEnd }: { requestId: string; periodEnd: string | null }) {
  const [state, formAction, pending] = useActionState(cancelFormAction, null);
  const [mode, setMode] = useState<"period_end" | "now">("period_end");
  const endWords = periodEnd ? formatDate(periodEnd) : "the end of the current period";
  return (
    <form action={formAction} className={styles.stack} style={{ gap: 12 }}>
      <input type="hidden" name="requestId" value={requestId} />
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} className={styles.stack}>
        <legend className={styles.visuallyHidden}>When to cancel</legend>
        <label className={styles.radio}>
          <input type="radio" name="mode" value="period_end" checked={mode === "period_end"} onChange={() => setMode("period_end")} />
          <span>
            <strong>At the end of the billing period</strong>
            <br />
            <span className={`${styles.small} ${styles.muted}`}>
              You keep full access until {endWords} and are not charged again. You can resume until then.
            </span>
          </span>
        </label>
        <label className={styles.radio}>
          <input type="radio" name="mode" value="now" checked={mode === "now"} onChange={() => setMode("now")} />
          <span>
            <strong>Immediately</strong>
            <br />
            <span className={`${styles.small} ${styles.muted}`}>
              Access ends right away. The unused part of this period is not refunded, and this cannot be undone.
            </span>
          </span>
        </label>
      </fieldset>
      <div className={styles.row}>
        <button type="submit" className={styles.buttonDanger} disabled={pending} data-testid="cancel-button">
          {pending ? "Canceling…" : mode === "now" ? "Cancel now" : "Cancel at period end"}
        </button>
      </div>
      <Result state={state} done="Your subscription is canceled." />
    </form>
  );
}

export function ResumeForm({ requestId }: { requestId: string }) {
  const [state, formAction, pending] = useActionState(resumeFormAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="requestId" value={requestId} />
      <button type="submit" className={styles.button} disabled={pending} data-testid="resume-button">
        {pending ? "Resuming…" : "Resume subscription"}
      </button>
      <Result state={state} done="Your subscription will renew again." />
    </form>
  );
}

type Outcome = { ok: true; data: { applied: boolean } } | { ok: false; error: { message: string } } | null;

function Result({ state, done }: { state: Outcome; done: string }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p className={styles.error} role="alert">
        {state.error.message}
      </p>
    );
  }
  return (
    <p className={styles.success} role="status">
      {state.data.applied ? done : "Stripe accepted the change; it will show here in a moment."}
    </p>
  );
}
