"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Elements } from "@stripe/react-stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { newRequestId } from "@/components/ui/new-request-id";
import { resumePausedAction } from "./actions";
import { SetupForm, useSetupIntent } from "./update-payment-method";

/**
 * The way out of a trial that ended without a card (paused): add a card with the same SetupIntent form as "Update
 * payment method", then resume, which charges the first period now. With a card already on file (saved earlier, or
 * one that was just declined) the resume is one click, and another card stays one click away. After a refusal the next
 * try gets a new request id: a new SetupIntent for the next card, not the one already confirmed with the declined card.
 */
export function ResumePausedPanel(props: { requestId: string; subscriptionId: string; publicKey: string; cardOnFile: string | null; charge: string }) {
  const router = useRouter();
  const [requestId, setRequestId] = useState(props.requestId);
  const setup = useSetupIntent(requestId);
  const [resuming, setResuming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resumed, setResumed] = useState(false);

  async function resume(): Promise<boolean> {
    setError(null);
    let result: Awaited<ReturnType<typeof resumePausedAction>>;
    try {
      result = await resumePausedAction({ requestId, subscriptionId: props.subscriptionId });
    } catch {
      setError("We could not confirm the resume: the connection failed before we heard back. Refresh the page to see the current state; trying again is safe.");
      return false;
    }
    if (!result.ok) {
      setError(result.error.message);
      setRequestId(newRequestId());
      setup.close();
      router.refresh();
      return false;
    }
    setResumed(true);
    return true;
  }

  if (resumed) {
    return (
      <p className={styles.success} role="status" data-testid="resume-paused-done">
        Your subscription is active again. The paid invoice is listed below.
      </p>
    );
  }
  if (setup.clientSecret) {
    return (
      <div style={{ width: "100%" }}>
        <Elements stripe={loadStripeOnce(props.publicKey)} options={{ clientSecret: setup.clientSecret }}>
          <SetupForm onCancel={setup.close} onSaved={setup.close} then={resume} submitLabel={`Save card and pay ${props.charge}`} busyLabel="Paying…" />
        </Elements>
      </div>
    );
  }
  const busy = resuming || setup.opening;
  return (
    <div className={styles.stack} style={{ gap: 10, width: "100%" }} data-testid="resume-paused">
      <p className={styles.small} style={{ margin: 0 }}>
        Resuming charges <strong>{props.charge}</strong> now for a new billing period starting today.
      </p>
      {/* The add-card button comes first and is the same element with or without a card on file: the refresh after a
          decline puts the declined card on file and adds "Resume with …" beside it, and a button that moved or was
          replaced as that landed turned a click meant for another card into a second charge of the declined one. */}
      <div className={styles.row}>
        <button
          type="button"
          className={props.cardOnFile ? styles.buttonSecondary : styles.button}
          disabled={busy}
          onClick={setup.open}
          data-testid="resume-add-card"
        >
          {setup.opening ? "Opening…" : props.cardOnFile ? "Use a different card" : "Add a payment method and resume"}
        </button>
        {props.cardOnFile && (
          <button
            type="button"
            className={styles.button}
            disabled={busy}
            data-testid="resume-with-card"
            onClick={async () => {
              setResuming(true);
              if (await resume()) router.refresh();
              setResuming(false);
            }}
          >
            {resuming ? "Paying…" : `Resume with ${props.cardOnFile}`}
          </button>
        )}
      </div>
      {(error ?? setup.error) && (
        <p className={styles.error} role="alert" data-testid="resume-paused-error">
          {error ?? setup.error}
        </p>
      )}
    </div>
  );
}
