import type { ReactNode } from "react";
import styles from "./ui.module.css";

export type AlertProps = { tone?: "error" | "success" | "info" | "warning"; title?: ReactNode; children?: ReactNode };

/** Errors are announced immediately (role="alert"); other tones politely (role="status"). */
export function Alert({ tone = "info", title, children }: AlertProps) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`${styles.alert} ${styles[`alert_${tone}`]}`}>
      {title && <strong className={styles.alertTitle}>{title}</strong>}
      {children}
    </div>
  );
}
