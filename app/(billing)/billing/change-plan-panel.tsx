"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import styles from "@/components/billing/billing.module.css";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import type { PlanChangePreview } from "@/lib/billing/preview-plan-change";
import { changePlanAction, previewPlanChangeAction } from "./actions";

const UNCONFIRMED =
  "We could not confirm the change: the connection failed before we heard back. Refresh the page to see your current plan; confirming again is safe and will not charge twice.";

type State =
  | { name: "choosing"; error?: string }
  | { name: "previewing" }
  | { name: "quoted"; preview: PlanChangePreview; error?: string }
  | { name: "confirming"; preview: PlanChangePreview }
  | { name: "done"; message: string };

/** Preview (a signed quote with a fixed proration date) → confirm (applies exactly that quote). */
export function ChangePlanPanel({
  currentKey,
  initialKey,
  plans,
}: {
  currentKey: string;
  initialKey: string | null;
  plans: readonly { key: string; label: string }[];
}) {
  const router = useRouter();
  const [planKey, setPlanKey] = useState(plans.some((p) => p.key === initialKey) ? (initialKey as string) : (plans[0]?.key ?? ""));
  const [state, setState] = useState<State>({ name: "choosing" });

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ name: "previewing" });
    try {
      const result = await previewPlanChangeAction({ planKey });
      setState(result.ok ? { name: "quoted", preview: result.data } : { name: "choosing", error: result.error.message });
    } catch {
      setState({ name: "choosing", error: "We could not reach the server to price this change. Nothing was changed; try again." });
    }
  }

  async function confirm(preview: PlanChangePreview) {
    setState({ name: "confirming", preview });
    let result: Awaited<ReturnType<typeof changePlanAction>>;
    try {
      result = await changePlanAction({ quote: preview.quote });
    } catch {
      // The request may or may not have reached Stripe. Confirming again sends the same quote, and so the same
      // idempotency key: it cannot change the plan or charge twice.
      return setState({ name: "quoted", preview, error: UNCONFIRMED });
    }
    if (!result.ok) return setState({ name: "quoted", preview, error: result.error.message });
    const charged = result.data.invoice ? ` Charged ${formatMoney(result.data.invoice.amountPaid, result.data.invoice.currency)}.` : "";
    setState({ name: "done", message: `You are now on ${preview.toPlan.name}.${charged}` });
    router.refresh();
  }

  if (plans.length === 0) return <p className={styles.muted}>There are no other plans to switch to.</p>;

  if (state.name === "quoted" || state.name === "confirming") {
    const p = state.preview;
    return (
      <div className={styles.stack} style={{ gap: 12 }} data-testid="plan-change-preview">
        <p style={{ margin: 0 }} data-testid="plan-change-title">
          {p.title}: <strong>{p.fromPlan.name}</strong> ({p.fromPlan.interval}ly) to <strong>{p.toPlan.name}</strong> ({p.toPlan.interval}ly).
        </p>
        <PreviewAmounts preview={p} />
        <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
          Prorated to {formatDateTime(p.prorationDate * 1000)}. This quote is valid until {formatDateTime(p.expiresAt * 1000)}.
        </p>
        <div className={styles.row}>
          <button type="button" className={styles.button} onClick={() => confirm(p)} disabled={state.name === "confirming"} data-testid="confirm-plan-change">
            {state.name === "confirming" ? "Changing plan…" : `Confirm change to ${p.toPlan.name}`}
          </button>
          <button type="button" className={styles.buttonSecondary} onClick={() => setState({ name: "choosing" })} disabled={state.name === "confirming"}>
            Back
          </button>
        </div>
        {state.name === "quoted" && state.error && (
          <p className={styles.error} role="alert">
            {state.error}
          </p>
        )}
      </div>
    );
  }

  return (
    <form onSubmit={preview} className={styles.stack} style={{ gap: 12 }}>
      <label className={styles.field}>
        New plan
        <select className={styles.select} value={planKey} onChange={(e) => setPlanKey(e.target.value)} name="planKey" data-testid="plan-select">
          {plans.map((p) => (
            <option key={p.key} value={p.key} disabled={p.key === currentKey}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <div className={styles.row}>
        <button type="submit" className={styles.buttonSecondary} disabled={state.name === "previewing"} data-testid="preview-plan-change">
          {state.name === "previewing" ? "Calculating…" : "Preview change"}
        </button>
      </div>
      {state.name === "done" && (
        <p className={styles.success} role="status" data-testid="plan-change-done">
          {state.message}
        </p>
      )}
      {state.name === "choosing" && state.error && (
        <p className={styles.error} role="alert">
          {state.error}
        </p>
      )}
    </form>
  );
}

function PreviewAmounts({ preview }: { preview: PlanChangePreview }) {
  const money = (amount: number) => formatMoney(amount, preview.currency);
  const billedLines = preview.lines.filter((l) => l.amount !== 0);
  return (
    <div>
      {billedLines.length > 0 && (
        <>
          <p className={`${styles.small} ${styles.muted}`} style={{ margin: "0 0 4px" }}>
            {preview.invoicedNow ? "Invoiced when you confirm:" : `On your next invoice (${formatDate(preview.nextInvoice.date * 1000)}):`}
          </p>
          {billedLines.map((line, i) => (
            <div className={styles.summary} key={i} data-testid="preview-line">
              <span>{line.proration ? (line.amount < 0 ? `Credit: ${line.description}` : `Charge: ${line.description}`) : line.description}</span>
              <span>{money(line.amount)}</span>
            </div>
          ))}
        </>
      )}
      {preview.creditApplied > 0 && (
        <div className={styles.summary}>
          <span>Credit from your balance</span>
          <span>{money(-preview.creditApplied)}</span>
        </div>
      )}
      <div className={`${styles.summary} ${styles.summaryTotal}`}>
        <span>Due now</span>
        <span data-testid="preview-due-now" data-amount={preview.chargedNow}>
          {money(preview.chargedNow)}
        </span>
      </div>
      <div className={styles.summary}>
        <span>Next invoice, {formatDate(preview.nextInvoice.date * 1000)}</span>
        <span data-testid="preview-next-invoice" data-amount={preview.nextInvoice.amount}>
          {money(preview.nextInvoice.amount)}
        </span>
      </div>
      {preview.creditAfter > 0 && (
        <div className={styles.summary}>
          <span>Credit carried over to later invoices</span>
          <span data-testid="preview-credit-after" data-amount={preview.creditAfter}>
            {money(preview.creditAfter)}
          </span>
        </div>
      )}
      <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
        {preview.invoicedNow
          ? preview.chargedNow > 0
            ? "Charged to your card on file when you confirm. "
            : "Nothing is charged when you confirm. "
          : "Nothing is charged when you confirm. "}
        {preview.fromPlan.interval !== preview.toPlan.interval && "Your billing period restarts today. "}
        Then {money(preview.toPlan.amount)} per {preview.toPlan.interval}.
      </p>
    </div>
  );
}
