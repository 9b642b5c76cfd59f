"use client";
// The tenant page's action leaves: refund, cancel, retry. Each click carries a request id made once per form,
// so a double click or a retried request is one operation at Stripe.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import styles from "@/components/admin/admin.module.css";
import { cancelTenantSubscriptionAction, refundPaymentAction, retryInvoiceAction, signOutUserEverywhereAction } from "../../actions";

type Result = { ok: true; message: string } | { ok: false; message: string } | null;

function newRequestId(): string {
  return crypto.randomUUID();
}

function Outcome({ result }: { result: Result }) {
  if (!result) return null;
  return result.ok ? (
    <p className={styles.ok} role="status" data-testid="action-ok">
      {result.message}
    </p>
  ) : (
    <p className={styles.error} role="alert" data-testid="action-error">
      {result.message}
    </p>
  );
}

export function RefundForm({ paymentId, refundable, currency }: { paymentId: string; refundable: number; currency: string }) {
  const router = useRouter();
  const [requestId, setRequestId] = useState(newRequestId);
  const [amount, setAmount] = useState((refundable / 100).toFixed(2));
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<Result>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minor = Math.round(Number(amount) * 100);
    if (!Number.isFinite(minor) || minor <= 0) {
      setResult({ ok: false, message: "Enter an amount greater than zero." });
      return;
    }
    startTransition(async () => {
      const response = await refundPaymentAction({ paymentId, amount: minor, reason, requestId });
      if (response.ok) {
        setResult({ ok: true, message: `Refund ${response.data.stripeRefundId} requested (${response.data.status}); the row updates when Stripe confirms.` });
        setRequestId(newRequestId());
        router.refresh();
      } else {
        setResult({ ok: false, message: response.error.fieldErrors ? Object.values(response.error.fieldErrors).flat().join(" ") : response.error.message });
      }
    });
  }

  return (
    <form onSubmit={submit} className={styles.form} data-testid="refund-form">
      <div className={styles.row}>
        <label className={styles.control}>
          Amount ({currency.toUpperCase()})
          <input className={styles.input} name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} size={8} />
        </label>
        <label className={styles.control} style={{ flex: 1 }}>
          Reason
          <input className={styles.input} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why (kept in the audit log)" required minLength={3} />
        </label>
        <button className={`${styles.button} ${styles.danger}`} type="submit" disabled={pending} style={{ alignSelf: "flex-end" }} data-testid="refund-submit">
          {pending ? "Refunding…" : "Refund"}
        </button>
      </div>
      <Outcome result={result} />
    </form>
  );
}

export function CancelForm({ tenantId }: { tenantId: string }) {
  const router = useRouter();
  const [requestId, setRequestId] = useState(newRequestId);
  const [mode, setMode] = useState<"period_end" | "now">("period_end");
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<Result>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const response = await cancelTenantSubscriptionAction({ tenantId, mode, reason, requestId });
      if (response.ok) {
        setResult({ ok: true, message: mode === "now" ? "Canceled now." : "Set to cancel at the period end." });
        setRequestId(newRequestId());
        router.refresh();
      } else setResult({ ok: false, message: response.error.message });
    });
  }

  return (
    <form onSubmit={submit} className={styles.form} data-testid="cancel-form">
      <div className={styles.row}>
        <label className={styles.control}>
          When
          <select className={styles.select} value={mode} onChange={(e) => setMode(e.target.value === "now" ? "now" : "period_end")}>
            <option value="period_end">At period end</option>
            <option value="now">Now (no refund)</option>
          </select>
        </label>
        <label className={styles.control} style={{ flex: 1 }}>
          Reason
          <input className={styles.input} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why (kept in the audit log)" required minLength={3} />
        </label>
        <button className={`${styles.button} ${styles.danger}`} type="submit" disabled={pending} style={{ alignSelf: "flex-end" }}>
          {pending ? "Canceling…" : "Cancel subscription"}
        </button>
      </div>
      <Outcome result={result} />
    </form>
  );
}

export function RetryInvoiceButton({ invoiceId }: { invoiceId: string }) {
  const router = useRouter();
  const [requestId, setRequestId] = useState(newRequestId);
  const [result, setResult] = useState<Result>(null);
  const [pending, startTransition] = useTransition();
  return (
    <span className={styles.row}>
      <button
        className={`${styles.button} ${styles.secondary}`}
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const response = await retryInvoiceAction({ invoiceId, requestId });
            if (response.ok) {
              setResult({ ok: response.data.paid, message: response.data.paid ? "Paid." : `Not paid: ${response.data.message ?? response.data.status}` });
              setRequestId(newRequestId());
              router.refresh();
            } else setResult({ ok: false, message: response.error.message });
          })
        }
      >
        {pending ? "Retrying…" : "Retry now"}
      </button>
      <Outcome result={result} />
    </span>
  );
}

/** Ends every session of one member (all their devices); they sign in again with their password. */
export function SignOutEverywhereButton({ tenantId, userId, email }: { tenantId: string; userId: string; email: string }) {
  const [result, setResult] = useState<Result>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        className={styles.button}
        disabled={pending}
        aria-label={`Sign out ${email} everywhere`}
        onClick={() =>
          startTransition(async () => {
            const response = await signOutUserEverywhereAction({ tenantId, userId });
            setResult(response.ok ? { ok: true, message: `Signed out everywhere.` } : { ok: false, message: response.error.message });
          })
        }
      >
        {pending ? "Signing out…" : "Sign out everywhere"}
      </button>
      <Outcome result={result} />
    </>
  );
}
