import type { Tone } from "@/lib/format/tone";
import styles from "./admin.module.css";

const TONES: Record<string, Tone> = {
  active: "success",
  trialing: "info",
  past_due: "warning",
  unpaid: "danger",
  paused: "neutral",
  incomplete: "warning",
  incomplete_expired: "neutral",
  canceled: "neutral",
  none: "neutral",
  processed: "success",
  received: "info",
  failed: "danger",
  ignored: "neutral",
  conflict: "danger",
  unmatched: "warning",
  paid: "success",
  open: "warning",
  void: "neutral",
  uncollectible: "danger",
  draft: "neutral",
  succeeded: "success",
  pending: "info",
  full: "success",
  grace: "warning",
  restricted: "danger",
  // emails (lib/mail)
  queued: "info",
  sending: "info",
  sent: "success",
  retrying: "warning",
};

/** A status word with a colour; unknown words are neutral. */
export function StatusPill({ status, testId }: { status: string; testId?: string }) {
  const tone = TONES[status] ?? "neutral";
  return (
    <span className={`${styles.pill} ${styles[`tone-${tone}`]}`} data-testid={testId}>
      {status.replace(/_/g, " ")}
    </span>
  );
}
