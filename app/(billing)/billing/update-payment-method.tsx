"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { createSetupIntentAction, setDefaultPaymentMethodAction } from "./actions";

/** Saves a new card through a SetupIntent (card data goes to Stripe only), then makes it the default. */
export function UpdatePaymentMethod({ requestId, publicKey }: { requestId: string; publicKey: string }) {
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

  if (!clientSecret) {
    return (
      <div style={{ marginTop: 14 }}>
        <button type="button" className={styles.buttonSecondary} onClick={open} disabled={opening} data-testid="update-payment-method">
          {opening ? "Opening…" : "Update payment method"}
        </button>
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <Elements stripe={loadStripeOnce(publicKey)} options={{ clientSecret }}>
      <SetupForm onCancel={() => setClientSecret(null)} />
    </Elements>
  );
}

function SetupForm({ onCancel }: { onCancel: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
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
        return setMessage({ kind: "error", text: error?.message ?? "The card could not be saved." });
      }
      setupIntentId = setupIntent.id;
      setConfirmedIntent(setupIntentId);
    }
    let result: Awaited<ReturnType<typeof setDefaultPaymentMethodAction>>;
    try {
      result = await setDefaultPaymentMethodAction({ setupIntentId });
    } catch {
      setBusy(false);
      return setMessage({
        kind: "error",
        text: "We could not confirm the new card is your default: the connection failed before we heard back. Refresh the page to see the card on file, or save again (safe: it will not add another card).",
      });
    }
    setBusy(false);
    if (!result.ok) return setMessage({ kind: "error", text: result.error.message });
    setMessage({ kind: "success", text: "Your new card will be used for future invoices." });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} style={{ marginTop: 14 }}>
      <PaymentElement />
      <div className={styles.row} style={{ marginTop: 14 }}>
        <button type="submit" className={styles.button} disabled={busy || !stripe} data-testid="save-payment-method">
          {busy ? "Saving…" : "Save card"}
        </button>
        <button type="button" className={styles.buttonSecondary} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {message && (
        <p className={message.kind === "error" ? styles.error : styles.success} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
