"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import styles from "@/components/admin/admin.module.css";
import { fillWebhookGapAction, replayWebhookEventAction } from "../actions";

/** One-click replay of a failed event; the row refreshes with the new status. */
export function ReplayButton({ eventId }: { eventId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <span className={styles.row}>
      <button
        type="button"
        className={`${styles.button} ${styles.secondary}`}
        disabled={pending}
        data-testid="replay-button"
        onClick={() =>
          startTransition(async () => {
            let result;
            try {
              result = await replayWebhookEventAction({ eventId });
            } catch {
              // Replaying is idempotent (the ledger claims an event once), so trying again is safe.
              return setMessage({ ok: false, text: "We could not confirm the replay: the connection failed before we heard back. Refresh to see the event's status; replaying again is safe." });
            }
            if (result.ok) {
              setMessage({ ok: result.data.outcome !== "failed", text: result.data.outcome === "failed" ? `Failed again: ${result.data.error ?? ""}` : result.data.outcome });
              router.refresh();
            } else setMessage({ ok: false, text: result.error.message });
          })
        }
      >
        {pending ? "Replaying…" : "Replay"}
      </button>
      {message && (
        // Wraps within the cell: an error can be long, and the row must not run off the screen.
        <span className={`${message.ok ? styles.ok : styles.error} ${styles.message}`} role={message.ok ? "status" : "alert"}>
          {message.text}
        </span>
      )}
    </span>
  );
}

/** Fill gap: fetch events from Stripe since a time and process the ones the ledger never received. */
export function FillGapForm({ defaultSince }: { defaultSince: string }) {
  const router = useRouter();
  const [since, setSince] = useState(defaultSince);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className={styles.toolbar}
      data-testid="fill-gap-form"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          let result;
          try {
            result = await fillWebhookGapAction({ since: new Date(`${since}Z`).toISOString() });
          } catch {
            return setMessage({ ok: false, text: "We could not confirm the gap fill: the connection failed before we heard back. Running it again is safe." });
          }
          if (result.ok) {
            const o = result.data.outcomes;
            setMessage({
              ok: o.failed === 0,
              text: `Scanned ${result.data.scanned} events, ${result.data.missing} missing: ${o.processed} processed, ${o.ignored} ignored, ${o.conflict} conflicts, ${o.unmatched} unmatched, ${o.failed} failed.`,
            });
            router.refresh();
          } else setMessage({ ok: false, text: result.error.message });
        });
      }}
    >
      <label className={styles.control}>
        Fill gap since (UTC)
        <input className={styles.input} type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} required />
      </label>
      <button className={styles.button} type="submit" disabled={pending}>
        {pending ? "Fetching events…" : "Fill gap"}
      </button>
      {message && (
        <span className={message.ok ? styles.ok : styles.error} role={message.ok ? "status" : "alert"} data-testid="fill-gap-result">
          {message.text}
        </span>
      )}
    </form>
  );
}
