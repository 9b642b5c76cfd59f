import styles from "./billing.module.css";
import type { Tone } from "@/lib/format/tone";

export function StatusBadge({ label, tone }: { label: string; tone: Tone }) {
  return (
    <span className={`${styles.badge} ${styles[`tone-${tone}`]}`} data-testid="status-badge">
      {label}
    </span>
  );
}
