import type { ReactNode } from "react";
import styles from "./ui.module.css";

export type CardProps = { title?: ReactNode; description?: ReactNode; footer?: ReactNode; children?: ReactNode; className?: string };

export function Card({ title, description, footer, children, className }: CardProps) {
  return (
    <section className={[styles.card, className ?? ""].filter(Boolean).join(" ")}>
      {(title || description) && (
        <header className={styles.cardHeader}>
          {title && <h2 className={styles.cardTitle}>{title}</h2>}
          {description && <p className={styles.cardDescription}>{description}</p>}
        </header>
      )}
      {children}
      {footer && <footer className={styles.cardFooter}>{footer}</footer>}
    </section>
  );
}
