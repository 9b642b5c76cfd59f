"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { getCheckoutStatusAction, startCheckoutAction } from "./actions";

type Phase =
  | { name: "starting" }
  | { name: "failed"; message: string }
  | { name: "paying"; clientSecret: string };

/** Asks the server for the subscription's payment (created or reused), then mounts the PaymentElement. */
export function CheckoutForm({ planKey, publicKey }: { planKey: string; publicKey: string }) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ name: "starting" });
  const started = useRef(false);

  useEffect(() => {
    // React may run effects twice in development; the server serialises and reuses anyway.
    if (started.current) return;
    started.current = true;
    void startCheckoutAction({ planKey }).then((result) => {
      if (!result.ok) return setPhase({ name: "failed", message: result.error.message });
      if (result.data.kind === "already_subscribed") return router.replace(result.data.redirectTo);
      setPhase({ name: "paying", clientSecret: result.data.clientSecret });
    });
  }, [planKey, router]);

  if (phase.name === "starting") {
    return (
      <p className={`${styles.row} ${styles.muted}`} role="status" data-testid="checkout-starting">
        <span className={styles.spinner} aria-hidden="true" /> Preparing secure payment…
      </p>
    );
  }
  if (phase.name === "failed") {
    return (
      <p className={styles.error} role="alert">
        {phase.message}
      </p>
    );
  }
  return (
    <Elements
      stripe={loadStripeOnce(publicKey)}
      options={{
        clientSecret: phase.clientSecret,
        appearance: { theme: "stripe", variables: { colorPrimary: "#3b5bdb", borderRadius: "8px" } },
      }}
    >
      <PayForm planKey={planKey} />
    </Elements>
  );
}

type PayState =
  | { name: "idle"; error?: string }
  | { name: "submitting" }
  | { name: "waiting" }
  | { name: "subscribed" }
  | { name: "slow" };

function PayForm({ planKey }: { planKey: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [state, setState] = useState<PayState>({ name: "idle" });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || state.name === "submitting") return;
    setState({ name: "submitting" });
    const { error, paymentIntent } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/checkout/${planKey}/return` },
      redirect: "if_required",
    });
    if (error) return setState({ name: "idle", error: error.message ?? "The payment did not go through." });
    if (paymentIntent && paymentIntent.status !== "succeeded" && paymentIntent.status !== "processing") {
      return setState({ name: "idle", error: "The payment was not completed. Try again or use another card." });
    }
    setState({ name: "waiting" });
    const activated = await waitForActivation();
    setState(activated ? { name: "subscribed" } : { name: "slow" });
  }

  if (state.name === "waiting" || state.name === "subscribed" || state.name === "slow") return <Outcome state={state.name} />;

  return (
    <form onSubmit={onSubmit} aria-describedby="pay-error">
      <PaymentElement />
      <button
        type="submit"
        className={`${styles.button} ${styles.block}`}
        style={{ marginTop: 18 }}
        disabled={!stripe || !elements || state.name === "submitting"}
        data-testid="pay-button"
      >
        {state.name === "submitting" ? "Processing…" : "Subscribe"}
      </button>
      <div id="pay-error" aria-live="assertive" style={{ marginTop: 12 }}>
        {state.name === "idle" && state.error && (
          <p className={styles.error} role="alert" data-testid="payment-error">
            {state.error}
          </p>
        )}
      </div>
    </form>
  );
}

/** Polls the subscription status our webhooks record; the page never writes it. */
export async function waitForActivation(timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await getCheckoutStatusAction({});
    if (result.ok && result.data.active) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

export function Outcome({ state }: { state: "waiting" | "subscribed" | "slow" }) {
  // The form (and the button that had the focus) is gone: the focus moves to the outcome, so keyboard and
  // screen-reader users land on what happened instead of on the page's body.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => outcome.current?.focus(), [state]);
  if (state === "waiting") {
    return (
      <div ref={outcome} tabIndex={-1} className={`${styles.banner} ${styles.bannerInfo} ${styles.row}`} role="status" data-testid="checkout-pending">
        <span className={styles.spinner} aria-hidden="true" />
        Confirming your payment…
      </div>
    );
  }
  if (state === "subscribed") {
    return (
      <div ref={outcome} tabIndex={-1} className={`${styles.banner} ${styles.bannerSuccess}`} role="status" data-testid="checkout-success">
        <strong>You&apos;re subscribed.</strong> Your receipt is on its way.{" "}
        <Link href="/billing">Go to billing</Link>
      </div>
    );
  }
  return (
    <div ref={outcome} tabIndex={-1} className={`${styles.banner} ${styles.bannerInfo}`} role="status">
      Your payment went through, and activation is taking longer than usual. <Link href="/billing">Check billing</Link> in
      a minute.
    </div>
  );
}
