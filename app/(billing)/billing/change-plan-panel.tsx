"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import styles from "@/components/billing/billing.module.css";
import { TaxLine } from "@/components/billing/tax-line";
import { DiscountLine } from "@/components/billing/discount-line";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import type { PlanChangePreview } from "@/lib/billing/preview-plan-change";
import { changePlanAction, previewPlanChangeAction } from "./actions";

const UNCONFIRMED =
  "We could not confirm the change: the connection failed before we heard back. Refresh the page to see your current plan; confirming again is safe and will not charge twice.";

type State = { name: "choosing"; error?: string } | { name: "previewing" } | { name: "quoted"; preview: PlanChangePreview } | { name: "done"; message: string };

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
  const [planKey, setPlanKey] = useState(plans.some((p) => p.key === initialKey) ? (initialKey as string) : (plans[0]?.key ?? ""));
  const [state, setState] = useState<State>({ name: "choosing" });
  const [promotionCode, setPromotionCode] = useState("");

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ name: "previewing" });
    setState(await askForQuote(() => previewPlanChangeAction({ planKey, promotionCode: promotionCode.trim() || undefined })));
  }

  if (plans.length === 0) return <p className={styles.muted}>There are no other plans to switch to.</p>;

  if (state.name === "quoted") {
    return <QuotedChange preview={state.preview} onBack={() => setState({ name: "choosing" })} onDone={(message) => setState({ name: "done", message })} />;
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
      <label className={styles.field}>
        Promotion code (optional)
        <input
          className={styles.input}
          value={promotionCode}
          onChange={(e) => setPromotionCode(e.target.value)}
          name="promotionCode"
          maxLength={64}
          autoComplete="off"
          data-testid="plan-change-promotion-code"
        />
      </label>
      <div className={styles.row}>
        <button type="submit" className={styles.buttonSecondary} disabled={state.name === "previewing"} data-testid="preview-plan-change">
          {state.name === "previewing" ? "Calculating…" : "Preview change"}
        </button>
      </div>
      <ChoosingOutcome state={state} />
    </form>
  );
}

/** Runs a preview action and turns its answer into the panel's next state. */
export async function askForQuote(
  previewAction: () => Promise<{ ok: true; data: PlanChangePreview } | { ok: false; error: { message: string } }>,
): Promise<State> {
  try {
    const result = await previewAction();
    return result.ok ? { name: "quoted", preview: result.data } : { name: "choosing", error: result.error.message };
  } catch {
    return { name: "choosing", error: "We could not reach the server to price this change. Nothing was changed; try again." };
  }
}

/** The done message or the preview's refusal, under the form that asked. */
export function ChoosingOutcome({ state }: { state: State }) {
  if (state.name === "done") {
    return (
      <p className={styles.success} role="status" data-testid="plan-change-done">
        {state.message}
      </p>
    );
  }
  if (state.name === "choosing" && state.error) {
    return (
      <p className={styles.error} role="alert">
        {state.error}
      </p>
    );
  }
  return null;
}

/** A quoted plan or seat change: what it costs, then confirm (the same quote, so the same charge) or back. */
export function QuotedChange({ preview: p, onBack, onDone }: { preview: PlanChangePreview; onBack: () => void; onDone: (message: string) => void }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seatChange = p.fromPlan.key === p.toPlan.key;

  async function confirm() {
    setConfirming(true);
    setError(null);
    let result: Awaited<ReturnType<typeof changePlanAction>>;
    try {
      result = await changePlanAction({ quote: p.quote });
    } catch {
      // The request may or may not have reached Stripe. Confirming again sends the same quote, and so the same
      // idempotency key: it cannot change the plan or charge twice.
      setConfirming(false);
      return setError(UNCONFIRMED);
    }
    setConfirming(false);
    if (!result.ok) return setError(result.error.message);
    const charged = result.data.invoice ? ` Charged ${formatMoney(result.data.invoice.amountPaid, result.data.invoice.currency)}.` : "";
    onDone(seatChange ? `You now pay for ${p.toSeats} seats.${charged}` : `You are now on ${p.toPlan.name}.${charged}`);
    router.refresh();
  }

  return (
    <div className={styles.stack} style={{ gap: 12 }} data-testid="plan-change-preview">
      <p style={{ margin: 0 }} data-testid="plan-change-title">
        {seatChange ? (
          <>
            {p.title}: <strong>{p.fromSeats}</strong> to <strong>{p.toSeats}</strong> seats of {p.toPlan.name}.
          </>
        ) : (
          <>
            {p.title}: <strong>{p.fromPlan.name}</strong> ({p.fromPlan.interval}ly) to <strong>{p.toPlan.name}</strong> ({p.toPlan.interval}ly).
          </>
        )}
      </p>
      <PreviewAmounts preview={p} />
      <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
        Prorated to {formatDateTime(p.prorationDate * 1000)}. This quote is valid until {formatDateTime(p.expiresAt * 1000)}.
      </p>
      <div className={styles.row}>
        <button type="button" className={styles.button} onClick={confirm} disabled={confirming} data-testid="confirm-plan-change">
          {confirming ? "Changing…" : seatChange ? `Confirm ${p.toSeats} seats` : `Confirm change to ${p.toPlan.name}`}
        </button>
        <button type="button" className={styles.buttonSecondary} onClick={onBack} disabled={confirming}>
          Back
        </button>
      </div>
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
    </div>
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
      {/* The discount first, as in the order summary: the tax is computed on what is left after it. */}
      {preview.promotion && (
        <DiscountLine code={preview.promotion.code} description={preview.promotion.description} amount={preview.promotion.previewDiscount} currency={preview.currency} />
      )}
      <TaxLine tax={preview.tax} currency={preview.currency} />
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
        Then {money(preview.toPlan.amount * preview.toSeats)} per {preview.toPlan.interval}
        {preview.toSeats > 1 && ` (${preview.toSeats} seats × ${money(preview.toPlan.amount)})`}
        {/* The plan's list price: with tax or a discount the invoices differ from it, and "Next invoice" above is the charge. */}
        {(preview.tax || preview.promotion) && " at list price, before tax and discounts"}.
      </p>
    </div>
  );
}
