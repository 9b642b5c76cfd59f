import Link from "next/link";
import styles from "./admin.module.css";

/** Previous/next links for keyset-paged lists; `hrefFor` keeps the page's filters. */
export function Pager({ summary, prevHref, nextHref }: { summary: string; prevHref: string | null; nextHref: string | null }) {
  return (
    <nav className={styles.pager} aria-label="Pagination">
      <span data-testid="pager-summary">{summary}</span>
      <span className={styles.pagerLinks}>
        {prevHref ? <Link href={prevHref}>← Previous</Link> : <span>← Previous</span>}
        {nextHref ? (
          <Link href={nextHref} data-testid="pager-next">
            Next →
          </Link>
        ) : (
          <span>Next →</span>
        )}
      </span>
    </nav>
  );
}
