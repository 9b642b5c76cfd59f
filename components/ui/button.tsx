import type { ButtonHTMLAttributes } from "react";
import styles from "./ui.module.css";

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  /** Shows the busy state and blocks repeat clicks while an action runs. */
  pending?: boolean;
  fullWidth?: boolean;
};

export function Button({ variant = "primary", pending = false, fullWidth = false, className, disabled, children, type = "button", ...rest }: ButtonProps) {
  const classes = [styles.button, styles[variant], fullWidth ? styles.fullWidth : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || pending} aria-busy={pending || undefined}>
      {children}
    </button>
  );
}
