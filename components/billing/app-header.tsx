import Link from "next/link";
import { SignOutButton } from "@/components/ui/sign-out-button";
import styles from "./billing.module.css";

export interface AppHeaderProps {
  tenantName: string | null;
  userName: string | null;
  /** Admins get a link to the console; "Billing" is shown only to someone with a tenant (else it would be a 404). */
  isAdmin?: boolean;
  current?: "pricing" | "billing" | "team" | "settings";
  /** next-auth's CSRF token for the sign-out form (null: next-auth asks for confirmation instead). */
  signOutCsrfToken?: string | null;
}

/** The shared header of the billing pages. Sign-out is a plain form posting to next-auth. */
export function AppHeader({ tenantName, userName, isAdmin = false, current, signOutCsrfToken = null }: AppHeaderProps) {
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
            {tenantName && (
              <Link href="/billing" aria-current={current === "billing" ? "page" : undefined}>
                Billing
              </Link>
            )}
            {tenantName && (
              <Link href="/team" aria-current={current === "team" ? "page" : undefined}>
                Team
              </Link>
            )}
            {isAdmin && <Link href="/admin">Admin</Link>}
            <Link href="/settings" aria-current={current === "settings" ? "page" : undefined}>
              Settings
            </Link>
            {tenantName && (
              <span className={styles.tenant} data-testid="tenant-name" title={userName}>
                {tenantName}
              </span>
            )}
            <SignOutButton csrfToken={signOutCsrfToken} className={styles.signOut} />
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
