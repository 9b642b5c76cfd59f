"use client";
import { useActionState, useState } from "react";
import styles from "@/components/billing/billing.module.css";
import { CANCELLATION_COMMENT_MAX, CANCELLATION_FEEDBACK, cancellationFeedbackLabel } from "@/lib/format/cancellation-feedback";
import { formatDate } from "@/lib/format/dates";
import { cancelFormAction, resumeFormAction } from "./actions";

/**
 * A server action the browser could not complete (network cut, 5xx) rejects on the client; caught here so the
 * button resets and the page says what is known instead of an error page. The form keeps its requestId, so
 * submitting again is the same request to Stripe.
 */
function unconfirmed<A extends unknown[]>(action: (...args: A) => Promise<Outcome>, what: string) {
  return async (...args: A): Promise<Outcome> => {
    try {
      return await action(...args);
    } catch {
      return {
        ok: false,
        error: { message: `We could not confirm ${what}: the connection failed before we heard back. Refresh the page to see the current state; trying again is safe.` },
      };
    }
  };
}

const cancelSafely = unconfirmed(cancelFormAction, "the cancellation");
const resumeSafely = unconfirmed(resumeFormAction, "that your subscription resumed");

/** Cancel at period end (the default) or now, with what each means stated before the click; now asks again. */
export function CancelPanel({ requestId, periodEnd, planName, paused = false }: { requestId: string; periodEnd: string | null; planName: string | null; paused?: boolean }) {
  const [state, formAction, pending] = useActionState(cancelSafely, null);
  // A paused subscription has no running period to keep until its end: canceling it ends it now, nothing is charged.
  const [mode, setMode] = useState<"period_end" | "now">(paused ? "now" : "period_end");
  const [confirming, setConfirming] = useState(false);
  const endWords = periodEnd ? formatDate(periodEnd) : "the end of the current period";
  const plan = planName ?? "your plan";
  return (
    <form action={formAction} className={styles.stack} style={{ gap: 12 }}>
      <input type="hidden" name="requestId" value={requestId} />
      {/* What is sent is the state, not the radios: React resets a form after each action, radios included, so a
          retry after a failed submit would otherwise send "period_end" under a "Cancel now" confirmation. */}
      <input type="hidden" name="mode" value={mode} />
      {paused ? (
        <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }} data-testid="cancel-paused-note">
          Your subscription is paused, so canceling ends it now. Nothing is charged, and this cannot be undone.
        </p>
      ) : (
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} className={styles.stack}>
        <legend className={styles.visuallyHidden}>When to cancel</legend>
        <label className={styles.radio}>
          <input type="radio" name="when" value="period_end" checked={mode === "period_end"} onChange={() => { setMode("period_end"); setConfirming(false); }} />
          <span>
            <strong>At the end of the billing period</strong>
            <br />
            <span className={`${styles.small} ${styles.muted}`}>
              You keep full access until {endWords} and are not charged again. You can resume until then.
            </span>
          </span>
        </label>
        <label className={styles.radio}>
          <input type="radio" name="when" value="now" checked={mode === "now"} onChange={() => setMode("now")} />
          <span>
            <strong>Immediately</strong>
            <br />
            <span className={`${styles.small} ${styles.muted}`}>
              Access ends right away. The unused part of this period is not refunded, and this cannot be undone.
            </span>
          </span>
        </label>
      </fieldset>
      )}
      <CancellationReasonFields disabled={pending} />
      {mode === "now" && confirming ? (
        <div className={`${styles.banner} ${styles.bannerDanger}`} role="alertdialog" aria-labelledby="cancel-now-title" data-testid="cancel-now-confirm">
          <p style={{ margin: "0 0 8px" }} id="cancel-now-title">
            {paused ? (
              <>
                <strong>Cancel {plan} now?</strong> The paused subscription ends and can no longer be resumed: to come back you
                subscribe again.
              </>
            ) : (
              <>
                <strong>Cancel {plan} now?</strong> You lose access to {plan} features immediately, not on {endWords}. The unused
                time until then is not refunded, and this cannot be undone: to come back you subscribe again and pay again.
              </>
            )}
          </p>
          <div className={styles.row}>
            <button type="submit" className={styles.buttonDanger} disabled={pending} data-testid="confirm-cancel-now">
              {pending ? "Canceling…" : "Yes, cancel now"}
            </button>
            <button type="button" className={styles.buttonSecondary} disabled={pending} onClick={() => setConfirming(false)} data-testid="keep-subscription">
              Keep my subscription
            </button>
          </div>
        </div>
      ) : (
        <div className={styles.row}>
          {mode === "now" ? (
            <button type="button" className={styles.buttonDanger} onClick={() => setConfirming(true)} data-testid="cancel-button">
              Cancel now…
            </button>
          ) : (
            <button type="submit" className={styles.buttonDanger} disabled={pending} data-testid="cancel-button">
              {pending ? "Canceling…" : "Cancel at period end"}
            </button>
          )}
        </div>
      )}
      <Result state={state} done={mode === "now" ? "Your subscription is canceled." : `Your subscription will end on ${endWords}.`} />
    </form>
  );
}

/**
 * Why they leave, sent to Stripe as cancellation_details. Optional: nobody is kept from canceling for not saying.
 * Uncontrolled on purpose: React resets the form after each action and a retry then sends what is shown.
 */
function CancellationReasonFields({ disabled }: { disabled: boolean }) {
  return (
    <div className={styles.stack} style={{ gap: 8 }}>
      <label className={styles.stack} style={{ gap: 4 }}>
        <span>What is the main reason you are canceling? (optional)</span>
        <select name="feedback" className={styles.select} defaultValue="" disabled={disabled} data-testid="cancel-feedback">
          <option value="">Prefer not to say</option>
          {CANCELLATION_FEEDBACK.map((value) => (
            <option key={value} value={value}>
              {cancellationFeedbackLabel(value)}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.stack} style={{ gap: 4 }}>
        <span>Anything we could do better? (optional, up to {CANCELLATION_COMMENT_MAX} characters)</span>
        <textarea name="comment" className={styles.select} rows={3} maxLength={CANCELLATION_COMMENT_MAX} disabled={disabled} data-testid="cancel-comment" />
      </label>
    </div>
  );
}

export function ResumeForm({ requestId }: { requestId: string }) {
  const [state, formAction, pending] = useActionState(resumeSafely, null);
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

type Outcome = { ok: true; data: { applied: boolean } } | { ok: false; error: { message: string; fieldErrors?: Record<string, string[]> } } | null;

function Result({ state, done }: { state: Outcome; done: string }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p className={styles.error} role="alert">
        {Object.values(state.error.fieldErrors ?? {})[0]?.[0] ?? state.error.message}
      </p>
    );
  }
  return (
    <p className={styles.success} role="status">
      {state.data.applied ? done : "Stripe accepted the change; it will show here in a moment."}
    </p>
  );
}
