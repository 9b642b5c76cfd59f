"use client";
import { useState, type FormEvent } from "react";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { startTrialAction } from "../actions";
import { newRequestId } from "@/components/ui/new-request-id";
import { Outcome, waitForActivation } from "../checkout-form";

type TrialState = { name: "idle"; error?: string } | { name: "submitting" } | { name: "waiting" } | { name: "subscribed" } | { name: "slow" };

/**
 * The trial's card form: Stripe's deferred-intent Elements with a $0 amount (nothing is charged today). With a
 * card, the trial's pending SetupIntent is confirmed so Stripe bills it at the trial's end; without one, the trial
 * starts and the dashboard asks for a card before it ends.
 */
export function TrialForm({ planKey, publicKey, currency }: { planKey: string; publicKey: string; currency: string }) {
  return (
    <Elements stripe={loadStripeOnce(publicKey)} options={{ mode: "subscription", amount: 0, currency }}>
      <StartTrial planKey={planKey} />
    </Elements>
  );
}

function StartTrial({ planKey }: { planKey: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [state, setState] = useState<TrialState>({ name: "idle" });
  // One per page view: a double click or a retry is the same Stripe request, so one trial.
  const [attemptId] = useState(newRequestId);

  async function start(withCard: boolean) {
    if (!stripe || !elements || state.name === "submitting") return;
    setState({ name: "submitting" });
    if (withCard) {
      const submitted = await elements.submit();
      if (submitted.error) return setState({ name: "idle", error: submitted.error.message ?? "Check your card details." });
    }
    const started = await startTrialAction({ planKey, attemptId }).catch(() => null);
    if (!started) return setState({ name: "idle", error: "We could not reach our server. Nothing was started; try again." });
    if (!started.ok) return setState({ name: "idle", error: started.error.message });
    if (started.data.kind === "trial" && withCard && started.data.setupClientSecret) {
      const { error } = await stripe.confirmSetup({
        elements,
        clientSecret: started.data.setupClientSecret,
        confirmParams: { return_url: `${window.location.origin}/billing` },
        redirect: "if_required",
      });
      // The trial runs either way; a card that failed here can be added from the dashboard before it ends.
      if (error) return setState({ name: "idle", error: `Your trial has started, but the card was not saved: ${error.message ?? "try another card"}.` });
    }
    setState({ name: "waiting" });
    setState((await waitForActivation()) ? { name: "subscribed" } : { name: "slow" });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void start(true);
  }

  if (state.name === "waiting" || state.name === "subscribed" || state.name === "slow") return <Outcome state={state.name} trial />;
  const busy = !stripe || !elements || state.name === "submitting";
  return (
    <form onSubmit={onSubmit} aria-describedby="trial-error">
      <PaymentElement />
      <button type="submit" className={`${styles.button} ${styles.block}`} style={{ marginTop: 18 }} disabled={busy} data-testid="trial-with-card">
        {state.name === "submitting" ? "Starting…" : "Start free trial"}
      </button>
      <button
        type="button"
        className={`${styles.buttonSecondary} ${styles.block}`}
        style={{ marginTop: 10 }}
        disabled={busy}
        onClick={() => void start(false)}
        data-testid="trial-without-card"
      >
        Start without a card
      </button>
      <div id="trial-error" aria-live="assertive" style={{ marginTop: 12 }}>
        {state.name === "idle" && state.error && (
          <p className={styles.error} role="alert" data-testid="trial-error">
            {state.error}
          </p>
        )}
      </div>
    </form>
  );
}
