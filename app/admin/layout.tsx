import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import styles from "@/components/admin/admin.module.css";
import { requireAdmin } from "@/lib/auth/guards";
import { getSignOutCsrfToken } from "@/lib/auth/sign-out-csrf-token";

// /admin/* — the billing console for platform admins. Anyone else gets a 404 (each page checks again:
// a layout is not re-rendered on every navigation).
export const metadata: Metadata = { title: "Admin · Asset Anchor", robots: { index: false } };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [{ user }, signOutCsrfToken] = await Promise.all([requireAdmin(), getSignOutCsrfToken()]);
  return (
    <div className={styles.shell}>
      <aside className={styles.sidebar}>
        <Link href="/admin" className={styles.brand}>
          <span className={styles.brandMark} aria-hidden="true">
            AA
          </span>
          Billing admin
        </Link>
        <AdminNav email={user.email} signOutCsrfToken={signOutCsrfToken} />
      </aside>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
