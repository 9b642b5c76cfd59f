import type { ReactNode } from "react";
import { AppHeader } from "@/components/billing/app-header";
import styles from "@/components/billing/billing.module.css";
import { EMAIL_NOT_VERIFIED_MESSAGE, isEmailVerified } from "@/lib/accounts/email-verification";
import { getCurrentUser } from "@/lib/auth/guards";
import { getOptionalTenantContext } from "@/lib/auth/get-optional-tenant-context";
import { getSignOutCsrfToken } from "@/lib/auth/sign-out-csrf-token";
import { ResendVerificationButton } from "./resend-verification-button";

// Shared frame of pricing, checkout and billing: the header shows who is signed in and for which tenant.
export default async function BillingLayout({ children }: { children: ReactNode }) {
  const [user, context, signOutCsrfToken] = await Promise.all([getCurrentUser(), getOptionalTenantContext(), getSignOutCsrfToken()]);
  // Billing actions refuse an unconfirmed address; say so before the user tries, with the way out.
  const unverified = user ? !(await isEmailVerified(user.id)) : false;
  return (
    <div className={styles.shell}>
      <AppHeader
        tenantName={context?.tenant.name ?? null}
        userName={user?.name ?? user?.email ?? null}
        isAdmin={user?.isPlatformAdmin ?? false}
        signOutCsrfToken={signOutCsrfToken}
      />
      <main className={styles.main}>
        {unverified && (
          <div className={`${styles.banner} ${styles.bannerInfo}`} data-testid="verify-email-banner">
            {EMAIL_NOT_VERIFIED_MESSAGE} <ResendVerificationButton />
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
