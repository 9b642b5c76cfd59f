import styles from "./admin.module.css";

export type BarListItem = { key: string; label: string; value: number; display: string };

/** Horizontal bars scaled to the largest value; the label and figure are text, so the list reads without the bars. */
export function BarList({ items, label, testId }: { items: BarListItem[]; label: string; testId?: string }) {
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <ul className={styles.barList} aria-label={label} data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className={styles.barListRow}>
          <span>{item.label}</span>
          <span className={styles.barTrack} aria-hidden="true">
            <span className={styles.barFill} style={{ display: "block", width: `${(Math.max(0, item.value) / max) * 100}%` }} />
          </span>
          <span className={styles.num}>{item.display}</span>
        </li>
      ))}
    </ul>
  );
}
