"use client";
// A page that failed to render (outside the billing pages, which have their own): a 500 in the product's
// design with the error's id, the same id the server logged, so support can find it.
import { useEffect, useRef } from "react";
import { ErrorPage, errorPageStyles as styles } from "@/components/ui/error-page";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLElement | null>(null);
  useEffect(() => {
    // The page that was there is gone: put the focus on what replaced it.
    heading.current = document.getElementById("error-title");
    heading.current?.setAttribute("tabindex", "-1");
    heading.current?.focus();
  }, []);
  return (
    <ErrorPage
      code="500"
      title="Something went wrong"
      message="We could not show this page. It is not something you did; try again in a moment."
      reference={error.digest}
      actions={
        <>
          <button type="button" className={styles.primary} onClick={reset}>
            Try again
          </button>
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load: see ErrorPage */}
          <a href="/" className={styles.secondary}>
            Back to the home page
          </a>
        </>
      }
    />
  );
}
