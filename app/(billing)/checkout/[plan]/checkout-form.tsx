"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { AddressElement, Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { StripeAddressElementChangeEvent } from "@stripe/stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { TaxIdField } from "@/components/billing/tax-id-field";
import { newRequestId } from "@/components/ui/new-request-id";
import { getCheckoutStatusAction, previewCheckoutAction, startCheckoutAction } from "./actions";
import { useCheckoutQuote } from "./checkout-quote";
import { firstErrorMessage } from "@/lib/actions/action-result";

type CheckoutFormProps = {
  planKey: string;
  publicKey: string;
  currency: string;
  /** A promotion code the server accepted for this order (checked again when Subscribe is pressed). */
  promotionCode?: string;
  /** The other way to pay (hosted Checkout), offered only until this form has taken a payment. */
  alternative?: ReactNode;
  /** Tax is on and no billing address is on file: the Address Element (and a VAT number field) above the card. */
  collectAddress: boolean;
  /** The billing address on file, on one line, and its VAT number, when tax is on (they decide the tax); else null. */
  detailsOnFile: { address: string; taxId: string | null } | null;
};

type BillingAddress = { name: string; address: StripeAddressElementChangeEvent["value"]["address"] };

// How long the address must stay unchanged before its tax is asked for: one preview per pause, not per keystroke.
const PREVIEW_DEBOUNCE_MS = 500;

/**
 * The PaymentElement in Stripe's deferred-intent mode: it renders from the quoted total and currency before any
 * Stripe object exists, so opening or leaving the page creates nothing. The subscription is created only when the
 * tenant presses Subscribe.
 */
export function CheckoutForm({ planKey, publicKey, currency, promotionCode, alternative, collectAddress, detailsOnFile }: CheckoutFormProps) {
  const { state } = useCheckoutQuote();
  return (
    <Elements
      stripe={loadStripeOnce(publicKey)}
      options={{
        mode: "subscription",
        amount: state.quote.total,
        currency,
        appearance: { theme: "stripe", variables: { colorPrimary: "#3b5bdb", borderRadius: "8px" } },
      }}
    >
      <PayForm planKey={planKey} promotionCode={promotionCode} alternative={alternative} collectAddress={collectAddress} detailsOnFile={detailsOnFile} />
    </Elements>
  );
}

type PayState =
  | { name: "idle"; error?: string }
  | { name: "submitting" }
  | { name: "waiting" }
  | { name: "subscribed" }
  | { name: "slow" };

function PayForm({
  planKey,
  promotionCode,
  alternative,
  collectAddress,
  detailsOnFile,
}: Omit<CheckoutFormProps, "publicKey" | "currency">) {
  const router = useRouter();
  const stripe = useStripe();
  const elements = useElements();
  const { state: quoteState, setState: setQuote, serverQuote, serverKey } = useCheckoutQuote();
  const [state, setState] = useState<PayState>({ name: "idle" });
  const [address, setAddress] = useState<BillingAddress | null>(null);
  // Optional: a business's VAT number, previewed with the address (an EU business abroad is reverse-charged).
  const [taxId, setTaxId] = useState("");
  const typedTaxId = taxId.trim() || undefined;
  const [previewError, setPreviewError] = useState<string | null>(null);
  // Bumped to ask for the same address's tax again (after the server refused a total).
  const [previewTick, setPreviewTick] = useState(0);
  // One per page view: a retry after a decline or a lost response reuses the same subscription.
  const [attemptId] = useState(newRequestId);
  // Only the answer for the latest address is shown: an earlier, slower one is dropped.
  const previewSeq = useRef(0);
  const addressKey = address ? JSON.stringify(address.address) : "";

  useEffect(() => {
    if (!collectAddress) return;
    const seq = ++previewSeq.current;
    // An incomplete address has no tax yet: the summary says so rather than keep an earlier address's.
    if (!address) return setQuote({ quote: serverQuote, pending: false });
    setQuote((s) => ({ ...s, pending: true }));
    const timer = setTimeout(async () => {
      const result = await previewCheckoutAction({ planKey, promotionCode, address: address.address, taxId: typedTaxId }).catch(() => null);
      if (seq !== previewSeq.current) return;
      setPreviewError(result?.ok ? null : result ? firstErrorMessage(result.error) : "We could not work out the tax for this address. Check your connection and try again.");
      setQuote({ quote: result?.ok ? result.data : serverQuote, pending: false });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // The address's content (not its object identity), the VAT number, the code, the server's quote and a retry ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [addressKey, typedTaxId, promotionCode, serverKey, previewTick, collectAddress, planKey]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || state.name === "submitting" || quoteState.pending) return;
    setState({ name: "submitting" });
    // Validates the address and card fields before anything is created in Stripe.
    const submitted = await elements.submit();
    if (submitted.error) return setState({ name: "idle", error: submitted.error.message ?? "Check your card details." });
    let started: Awaited<ReturnType<typeof startCheckoutAction>>;
    try {
      started = await startCheckoutAction({
        planKey,
        attemptId,
        promotionCode,
        expectedTotal: quoteState.quote.total,
        billingAddress:
          collectAddress && address
            ? { name: address.name, address: { ...address.address, line2: address.address.line2 ?? null, state: address.address.state || null }, taxId: typedTaxId }
            : undefined,
      });
    } catch {
      return setState({ name: "idle", error: "We could not reach our server. Nothing was charged; try again." });
    }
    if (!started.ok) {
      // A refused total: the summary is brought up to date (the message names the new total).
      if (started.error.code === "conflict") {
        if (collectAddress) setPreviewTick((n) => n + 1);
        else router.refresh();
      }
      return setState({ name: "idle", error: firstErrorMessage(started.error) });
    }
    if (started.data.kind === "already_subscribed") return router.replace(started.data.redirectTo);
    const { error, paymentIntent } = await stripe.confirmPayment({
      elements,
      clientSecret: started.data.clientSecret,
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

  // Paid: the hosted Checkout alternative is gone too, so nobody pays twice.
  if (state.name === "waiting" || state.name === "subscribed" || state.name === "slow") return <Outcome state={state.name} />;

  return (
    <>
      <form onSubmit={onSubmit} aria-describedby="pay-error">
        {collectAddress && (
          <fieldset className={styles.fieldset} data-testid="checkout-address">
            <legend className={styles.legend}>Billing address</legend>
            <p className={`${styles.small} ${styles.muted}`}>Tax depends on where you are. It is saved as your billing details.</p>
            <AddressElement
              options={{ mode: "billing" }}
              onChange={(event) => {
                setAddress(event.complete ? { name: event.value.name, address: event.value.address } : null);
                // "Your address is incomplete." (or an earlier refusal) no longer applies once the address changes.
                if (event.complete) setState((s) => (s.name === "idle" && s.error ? { name: "idle" } : s));
              }}
            />
            <TaxIdField
              id="checkout-tax-id"
              label="VAT number (businesses)"
              value={taxId}
              onChange={(value) => {
                setTaxId(value);
                // A refusal of the earlier number no longer applies once it changes.
                setState((s) => (s.name === "idle" && s.error ? { name: "idle" } : s));
              }}
              hint="Optional. "
              testId="checkout-tax-id"
            />
            {previewError && (
              <p className={styles.error} role="alert" data-testid="address-error">
                {previewError}
              </p>
            )}
          </fieldset>
        )}
        {detailsOnFile && (
          <p className={styles.small} data-testid="checkout-address-on-file">
            Billing address: {detailsOnFile.address}.
            {detailsOnFile.taxId && <span data-testid="checkout-tax-id-on-file"> VAT number: {detailsOnFile.taxId}.</span>}{" "}
            <Link href="/billing#billing-details">Change them in Billing details</Link>
          </p>
        )}
        <PaymentElement />
        <button
          type="submit"
          className={`${styles.button} ${styles.block}`}
          style={{ marginTop: 18 }}
          disabled={!stripe || !elements || state.name === "submitting" || quoteState.pending}
          data-testid="pay-button"
        >
          {state.name === "submitting" ? "Processing…" : quoteState.pending ? "Updating the total…" : "Subscribe"}
        </button>
        <div id="pay-error" aria-live="assertive" style={{ marginTop: 12 }}>
          {state.name === "idle" && state.error && (
            <p className={styles.error} role="alert" data-testid="payment-error">
              {state.error}
            </p>
          )}
        </div>
      </form>
      {alternative}
    </>
  );
}

/** Polls the subscription status our webhooks record; the page never writes it. */
export async function waitForActivation(timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A lost poll is no answer: keep asking until the deadline, then the page says it is taking longer.
    const result = await getCheckoutStatusAction({}).catch(() => null);
    if (result?.ok && result.data.active) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

export function Outcome({ state, trial = false }: { state: "waiting" | "subscribed" | "slow"; trial?: boolean }) {
  // The form (and the button that had the focus) is gone: the focus moves to the outcome, so keyboard and
  // screen-reader users land on what happened instead of on the page's body.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => outcome.current?.focus(), [state]);
  if (state === "waiting") {
    return (
      <div ref={outcome} tabIndex={-1} className={`${styles.banner} ${styles.bannerInfo} ${styles.row}`} role="status" data-testid="checkout-pending">
        <span className={styles.spinner} aria-hidden="true" />
        {trial ? "Starting your free trial…" : "Confirming your payment…"}
      </div>
    );
  }
  if (state === "subscribed") {
    return (
      <div ref={outcome} tabIndex={-1} className={`${styles.banner} ${styles.bannerSuccess}`} role="status" data-testid="checkout-success">
        {trial ? <strong>Your free trial has started.</strong> : <><strong>You&apos;re subscribed.</strong> Your receipt is on its way.</>}{" "}
        <Link href="/billing">Go to billing</Link>
      </div>
    );
  }
  return (
    <div ref={outcome} tabIndex={-1} className={`${styles.banner} ${styles.bannerInfo}`} role="status">
      {trial ? "Your trial was started" : "Your payment went through"}, and activation is taking longer than usual. <Link href="/billing">Check billing</Link> in
      a minute.
    </div>
  );
}
