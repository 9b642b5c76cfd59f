import Link from "next/link";
import styles from "./billing.module.css";

export interface AppHeaderProps {
  tenantName: string | null;
  userName: string | null;
  current?: "pricing" | "billing";
}

/** The shared header of the billing pages. Sign-out goes through next-auth's own confirmation page (works without JS). */
export function AppHeader({ tenantName, userName, current }: AppHeaderProps) {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand}>
        <span className={styles.brandMark} aria-hidden="true">
          AA
        </span>
        Asset Anchor
      </Link>
      <nav className={styles.nav} aria-label="Main">
        <Link href="/pricing" aria-current={current === "pricing" ? "page" : undefined}>
          Pricing
        </Link>
        {userName ? (
          <>
            <Link href="/billing" aria-current={current === "billing" ? "page" : undefined}>
              Billing
            </Link>
            {tenantName && (
              <span className={styles.tenant} data-testid="tenant-name" title={userName}>
                {tenantName}
              </span>
            )}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- next-auth's sign-out page is a route handler, not a page */}
            <a href="/api/auth/signout">Sign out</a>
          </>
        ) : (
          <>
            <Link href="/signin">Sign in</Link>
            <Link href="/signup">Create account</Link>
          </>
        )}
      </nav>
    </header>
  );
}
