import type { ReactNode } from "react";
import styles from "./admin.module.css";

export function StatCard({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className={styles.stat} data-testid={testId}>
      <span className={styles.statLabel}>{label}</span>
      <span className={styles.statValue}>{value}</span>
      {hint !== undefined && <span className={styles.statHint}>{hint}</span>}
    </div>
  );
}
