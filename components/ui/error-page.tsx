import type { ReactNode } from "react";
import styles from "./error-page.module.css";

export type ErrorPageProps = {
  /** "404", "500": shown small above the title. */
  code: string;
  title: string;
  message: ReactNode;
  /** The error's id for support (Next's digest: the same id is in the server log). */
  reference?: string;
  /** The way back, and any other action (a "Try again" button). */
  actions: ReactNode;
};

/** The product's error page: brand, a card saying what happened, and a way back. Props in, markup out. */
export function ErrorPage({ code, title, message, reference, actions }: ErrorPageProps) {
  return (
    <div className={styles.shell}>
      <main className={styles.main}>
        {/* A plain link: after an error the client router may be in a bad state, a full load is safer. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- deliberate full navigation, see above */}
        <a href="/" className={styles.brand}>
          <span className={styles.brandMark} aria-hidden="true">
            AA
          </span>
          Asset Anchor
        </a>
        <section className={styles.card} aria-labelledby="error-title">
          <p className={styles.code}>Error {code}</p>
          <h1 className={styles.title} id="error-title">
            {title}
          </h1>
          <p className={styles.message}>{message}</p>
          {reference && (
            <p className={styles.reference} data-testid="error-reference">
              Error id: <code>{reference}</code>
            </p>
          )}
          <div className={styles.actions}>{actions}</div>
        </section>
      </main>
    </div>
  );
}

export const errorPageStyles = styles;
