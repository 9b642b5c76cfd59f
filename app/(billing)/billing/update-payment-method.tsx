"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { createSetupIntentAction, setDefaultPaymentMethodAction } from "./actions";

/** Opens a SetupIntent for the card form (keyed by the page's request id); the card goes to Stripe only. */
export function useSetupIntent(requestId: string) {
  const [clientSecret, setClientSecret] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function open() {
    setOpening(true);
    setError(null);
    let result: Awaited<ReturnType<typeof createSetupIntentAction>>;
    try {
      result = await createSetupIntentAction({ requestId });
    } catch {
      setOpening(false);
      return setError("We could not reach the server to open the card form. Nothing was changed; try again.");
    }
    setOpening(false);
    if (result.ok) setClientSecret(result.data.clientSecret);
    else setError(result.error.message);
  }
  return { clientSecret, opening, error, open, close: () => setClientSecret(null) };
}

/** Saves a new card through a SetupIntent (card data goes to Stripe only), then makes it the default. */
export function UpdatePaymentMethod({ requestId, publicKey }: { requestId: string; publicKey: string }) {
  const setup = useSetupIntent(requestId);
  const [saved, setSaved] = useState(false);
  const confirmation = useRef<HTMLParagraphElement>(null);
  // The form is gone once the card is saved: the focus goes to the confirmation that replaced it.
  useEffect(() => {
    if (saved) confirmation.current?.focus();
  }, [saved]);

  if (!setup.clientSecret) {
    return (
      <div style={{ marginTop: 14 }}>
        <button
          type="button"
          className={styles.buttonSecondary}
          onClick={() => {
            setSaved(false);
            void setup.open();
          }}
          disabled={setup.opening}
          data-testid="update-payment-method"
        >
          {setup.opening ? "Opening…" : "Update payment method"}
        </button>
        {setup.error && (
          <p className={styles.error} role="alert">
            {setup.error}
          </p>
        )}
        {saved && (
          <p ref={confirmation} tabIndex={-1} className={styles.success} role="status" style={{ marginTop: 10 }} data-testid="payment-method-saved">
            Your new card will be used for future invoices.
          </p>
        )}
      </div>
    );
  }
  return (
    <Elements stripe={loadStripeOnce(publicKey)} options={{ clientSecret: setup.clientSecret }}>
      <SetupForm
        onCancel={setup.close}
        onSaved={() => {
          // Closing the form drops the Elements with the card details in them: nothing stays filled in.
          setup.close();
          setSaved(true);
        }}
      />
    </Elements>
  );
}

/**
 * The card form inside <Elements>: confirms the SetupIntent, makes the card the default, then runs `then` (the
 * paused subscription's resume); `then` answering false keeps `onSaved` from running (it has said what went wrong).
 */
export function SetupForm({
  onCancel,
  onSaved,
  then,
  submitLabel = "Save card",
  busyLabel = "Saving…",
}: {
  onCancel: () => void;
  onSaved: () => void;
  then?: () => Promise<boolean>;
  submitLabel?: string;
  busyLabel?: string;
}) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Once Stripe has the card, a retry only repeats making it the default (same SetupIntent, same keys).
  const [confirmedIntent, setConfirmedIntent] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setMessage(null);
    let setupIntentId = confirmedIntent;
    if (!setupIntentId) {
      const { error, setupIntent } = await stripe.confirmSetup({
        elements,
        confirmParams: { return_url: `${window.location.origin}/billing` },
        redirect: "if_required",
      });
      if (error || !setupIntent) {
        setBusy(false);
        return setMessage(error?.message ?? "The card could not be saved.");
      }
      setupIntentId = setupIntent.id;
      setConfirmedIntent(setupIntentId);
    }
    let result: Awaited<ReturnType<typeof setDefaultPaymentMethodAction>>;
    try {
      result = await setDefaultPaymentMethodAction({ setupIntentId });
    } catch {
      setBusy(false);
      return setMessage(
        "We could not confirm the new card is your default: the connection failed before we heard back. Refresh the page to see the card on file, or save again (safe: it will not add another card).",
      );
    }
    if (!result.ok) {
      setBusy(false);
      return setMessage(result.error.message);
    }
    const proceed = then ? await then() : true;
    setBusy(false);
    if (!proceed) return;
    onSaved();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} style={{ marginTop: 14 }}>
      <PaymentElement />
      <div className={styles.row} style={{ marginTop: 14 }}>
        <button type="submit" className={styles.button} disabled={busy || !stripe} data-testid="save-payment-method">
          {busy ? busyLabel : submitLabel}
        </button>
        <button type="button" className={styles.buttonSecondary} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {message && (
        <p className={styles.error} role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
