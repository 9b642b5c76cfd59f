"use client";
// The tenant page's action leaves: refund, cancel, retry. Each click carries a request id made once per form,
// so a double click or a retried request is one operation at Stripe.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import styles from "@/components/admin/admin.module.css";
import { formatMoney, minorUnitDigits, toMajorUnits } from "@/lib/format/money";
import { parseMoneyInput } from "@/lib/format/money-input";
import {
  cancelTenantSubscriptionAction,
  refundPaymentAction,
  resendEmailAction,
  retryInvoiceAction,
  signOutUserEverywhereAction,
} from "../../actions";
import type { ActionResult } from "@/lib/actions/action-result";
import { newRequestId } from "@/components/ui/new-request-id";

type Result = { ok: true; message: string } | { ok: false; message: string } | null;

/**
 * A server action the browser could not complete (network cut, 5xx) rejects on the client: said plainly, the
 * button resets, and the request id is kept so trying again is the same operation at Stripe.
 */
async function settle<T>(call: () => Promise<T>, what: string): Promise<T | { ok: false; error: { message: string; fieldErrors?: undefined } }> {
  try {
    return await call();
  } catch {
    return {
      ok: false,
      error: { message: `We could not confirm ${what}: the connection failed before we heard back. Refresh to see the current state; trying again is safe (same request).` },
    };
  }
}

/**
 * One action leaf's state: the request id (kept until the action succeeds, so trying again is the same operation),
 * the pending flag and the outcome. `run` settles the call and shows its outcome; a success takes a new request id
 * and refreshes the page's rows.
 */
function useAdminAction() {
  const router = useRouter();
  const [requestId, setRequestId] = useState(newRequestId);
  const [result, setResult] = useState<Result>(null);
  const [pending, startTransition] = useTransition();
  function run<T>(call: (requestId: string) => Promise<ActionResult<T>>, what: string, outcome: (data: T) => Result) {
    startTransition(async () => {
      const response = await settle(() => call(requestId), what);
      if (response.ok) {
        setResult(outcome(response.data));
        setRequestId(newRequestId());
        router.refresh();
      } else {
        const { fieldErrors, message } = response.error;
        setResult({ ok: false, message: fieldErrors ? Object.values(fieldErrors).flat().join(" ") : message });
      }
    });
  }
  return { pending, result, setResult, run };
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
  const { pending, result, setResult, run } = useAdminAction();
  const [amount, setAmount] = useState(toMajorUnits(refundable, currency).toFixed(minorUnitDigits(currency)));
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState<number | null>(null);
  const money = (minor: number) => formatMoney(minor, currency);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minor = parseMoneyInput(amount, currency);
    if (minor === null || minor <= 0) {
      setResult({ ok: false, message: "Enter an amount in currency units, for example 50.00." });
      return;
    }
    if (minor > refundable) {
      setResult({ ok: false, message: `At most ${money(refundable)} can still be refunded.` });
      return;
    }
    setResult(null);
    setConfirming(minor);
  }

  function refund(minor: number) {
    run(
      async (requestId) => {
        try {
          return await refundPaymentAction({ paymentId, amount: minor, reason, requestId });
        } finally {
          setConfirming(null);
        }
      },
      "the refund",
      (data) => ({ ok: true, message: `Refund of ${money(data.amount)} requested (${data.status}); the row updates when Stripe confirms.` }),
    );
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
        <button className={`${styles.button} ${styles.danger}`} type="submit" disabled={pending || confirming !== null} style={{ alignSelf: "flex-end" }} data-testid="refund-submit">
          Review refund
        </button>
      </div>
      {confirming !== null && (
        <div className={styles.row} role="alertdialog" aria-label="Confirm refund" data-testid="refund-confirm">
          <span>
            Refund <strong>{money(confirming)}</strong> of {money(refundable)} still refundable to the customer&apos;s card? This cannot be undone.
          </span>
          <button className={`${styles.button} ${styles.danger}`} type="button" disabled={pending} onClick={() => refund(confirming)} data-testid="refund-confirm-button">
            {pending ? "Refunding…" : `Yes, refund ${money(confirming)}`}
          </button>
          <button className={`${styles.button} ${styles.secondary}`} type="button" disabled={pending} onClick={() => setConfirming(null)}>
            Don&apos;t refund
          </button>
        </div>
      )}
      <Outcome result={result} />
    </form>
  );
}

export function CancelForm({ tenantId }: { tenantId: string }) {
  const { pending, result, run } = useAdminAction();
  const [mode, setMode] = useState<"period_end" | "now">("period_end");
  const [reason, setReason] = useState("");

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run((requestId) => cancelTenantSubscriptionAction({ tenantId, mode, reason, requestId }), "the cancellation", () => ({
      ok: true,
      message: mode === "now" ? "Canceled now." : "Set to cancel at the period end.",
    }));
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
  const { pending, result, run } = useAdminAction();
  return (
    <span className={styles.row}>
      <button
        className={`${styles.button} ${styles.secondary}`}
        type="button"
        disabled={pending}
        onClick={() =>
          run((requestId) => retryInvoiceAction({ invoiceId, requestId }), "the retry", (data) => ({
            ok: data.paid,
            message: data.paid ? "Paid." : `Not paid: ${data.message ?? data.status}`,
          }))
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
  const { pending, result, run } = useAdminAction();
  return (
    <>
      <button
        type="button"
        className={styles.button}
        disabled={pending}
        aria-label={`Sign out everywhere: ${email}`}
        onClick={() => run(() => signOutUserEverywhereAction({ tenantId, userId }), "the sign-out", () => ({ ok: true, message: "Signed out everywhere." }))}
      >
        {pending ? "Signing out…" : "Sign out everywhere"}
      </button>
      <Outcome result={result} />
    </>
  );
}

/** Queues one of the tenant's emails again (audited); the request id makes a double click one copy. */
export function ResendEmailButton({ tenantId, emailId, subject }: { tenantId: string; emailId: string; subject: string }) {
  const { pending, result, run } = useAdminAction();
  return (
    <span className={styles.row}>
      <button
        type="button"
        className={`${styles.button} ${styles.secondary}`}
        disabled={pending}
        aria-label={`Resend: ${subject}`}
        onClick={() => run((requestId) => resendEmailAction({ tenantId, emailId, requestId }), "the resend", () => ({ ok: true, message: "Queued again." }))}
      >
        {pending ? "Resending…" : "Resend"}
      </button>
      <Outcome result={result} />
    </span>
  );
}
