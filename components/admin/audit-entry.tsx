import styles from "./admin.module.css";

function json(value: unknown): string {
  return value === null || value === undefined ? "∅" : JSON.stringify(value);
}

/** An audit row's "what happened": the sentence, and the raw action, actor and before/after behind a disclosure. */
export function AuditEntry({ sentence, entry }: { sentence: string; entry: { action: string; actor: string; before: unknown; after: unknown } }) {
  return (
    // Readable width on a laptop, but never wider than a phone's stacked cell.
    <div style={{ minWidth: "min(32ch, 100%)" }}>
      <span data-testid="audit-sentence">{sentence}</span>
      <details>
        <summary className={styles.small}>Details</summary>
        <div className={`${styles.mono} ${styles.small}`}>
          <div>
            {entry.action} · {entry.actor}
          </div>
          <div>before: {json(entry.before)}</div>
          <div>after: {json(entry.after)}</div>
        </div>
      </details>
    </div>
  );
}
