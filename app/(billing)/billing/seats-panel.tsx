"use client";
import { useState, type FormEvent } from "react";
import styles from "@/components/billing/billing.module.css";
import { askForQuote, ChoosingOutcome, QuotedChange } from "./change-plan-panel";
import { previewSeatChangeAction } from "./actions";

type State = Awaited<ReturnType<typeof askForQuote>> | { name: "previewing" };

/** "Seats: N — add / remove": the new count is previewed and confirmed like a plan change. */
export function SeatsPanel({ paid, used }: { paid: number; used: number }) {
  const [seats, setSeats] = useState(paid + 1);
  const [state, setState] = useState<State>({ name: "choosing" });

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ name: "previewing" });
    setState(await askForQuote(() => previewSeatChangeAction({ seats })));
  }

  if (state.name === "quoted") {
    return <QuotedChange preview={state.preview} onBack={() => setState({ name: "choosing" })} onDone={(message) => setState({ name: "done", message })} />;
  }

  return (
    <form onSubmit={preview} className={styles.stack} style={{ gap: 12 }}>
      <p style={{ margin: 0 }} data-testid="seats-summary" data-paid={paid} data-used={used}>
        Seats: <strong>{paid}</strong> paid, {used} in use (members and pending invitations).
      </p>
      <div className={styles.row}>
        <button type="button" className={styles.buttonSecondary} onClick={() => setSeats((n) => n + 1)} data-testid="seats-add">
          Add
        </button>
        <label className={styles.field}>
          New number of seats
          <input
            className={styles.input}
            type="number"
            name="seats"
            min={1}
            value={seats}
            onChange={(e) => setSeats(Number(e.target.value))}
            data-testid="seats-input"
          />
        </label>
        <button type="button" className={styles.buttonSecondary} onClick={() => setSeats((n) => Math.max(1, n - 1))} data-testid="seats-remove">
          Remove
        </button>
      </div>
      <div className={styles.row}>
        <button type="submit" className={styles.button} disabled={state.name === "previewing" || seats === paid} data-testid="preview-seat-change">
          {state.name === "previewing" ? "Calculating…" : "Preview seat change"}
        </button>
      </div>
      <ChoosingOutcome state={state} />
    </form>
  );
}
