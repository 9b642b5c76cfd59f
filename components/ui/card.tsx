import type { ReactNode } from "react";
import styles from "./ui.module.css";

export type CardProps = {
  title?: ReactNode;
  description?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** h1 when the card is the whole page (sign-in, sign-up), so the page has its top-level heading. */
  titleAs?: "h1" | "h2";
};

export function Card({ title, description, footer, children, className, titleAs: Title = "h2" }: CardProps) {
  return (
    <section className={[styles.card, className ?? ""].filter(Boolean).join(" ")}>
      {(title || description) && (
        <header className={styles.cardHeader}>
          {title && <Title className={styles.cardTitle}>{title}</Title>}
          {description && <p className={styles.cardDescription}>{description}</p>}
        </header>
      )}
      {children}
      {footer && <footer className={styles.cardFooter}>{footer}</footer>}
    </section>
  );
}
