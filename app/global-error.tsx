"use client";
// The root layout itself failed: this replaces it, so it brings its own <html>, <body> and global styles.
import "./globals.css";
import { ErrorPage, errorPageStyles as styles } from "@/components/ui/error-page";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · Asset Anchor Billing</title>
        <ErrorPage
          code="500"
          title="Something went wrong"
          message="We could not show this page. It is not something you did; try again in a moment."
          reference={error.digest}
          actions={
            // A full reload: the root layout is what failed, so there is nothing to reset in place.
            // eslint-disable-next-line @next/next/no-html-link-for-pages -- see above
            <a href="/" className={styles.primary}>
              Back to the home page
            </a>
          }
        />
      </body>
    </html>
  );
}
