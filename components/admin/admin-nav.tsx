"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, useState } from "react";
import { SignOutButton } from "@/components/ui/sign-out-button";
import styles from "./admin.module.css";

const LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/revenue", label: "Revenue" },
  { href: "/admin/tenants", label: "Tenants" },
  { href: "/admin/churn", label: "Churn reasons" },
  { href: "/admin/coupons", label: "Coupons" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/drift", label: "Drift check" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

/**
 * The console's navigation and who is signed in. On a wide screen it is the sidebar; on a narrow one it
 * folds behind a Menu button (a disclosure), so the pages keep the whole width.
 */
export function AdminNav({ email, signOutCsrfToken }: { email: string; signOutCsrfToken: string | null }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={styles.menuButton}
        aria-expanded={open}
        aria-controls="admin-menu"
        onClick={() => setOpen((was) => !was)}
      >
        Menu
      </button>
      <div
        id="admin-menu"
        className={`${styles.menu} ${open ? styles.menuOpen : ""}`}
        onKeyDown={(event) => {
          // Escape closes the open menu and gives the focus back to its button, as a disclosure should.
          if (event.key !== "Escape" || !open) return;
          setOpen(false);
          button.current?.focus();
        }}
      >
        <nav className={styles.nav} aria-label="Admin">
          {LINKS.map((link) => {
            const current = link.href === "/admin" ? pathname === "/admin" : pathname.startsWith(link.href);
            return (
              // Choosing a page closes the menu: the page, not the menu, is what the person wanted to see.
              <Link key={link.href} href={link.href} aria-current={current ? "page" : undefined} onClick={() => setOpen(false)}>
                {link.label}
              </Link>
            );
          })}
        </nav>
        <div className={styles.who}>
          Signed in as {email}
          <br />
          <SignOutButton csrfToken={signOutCsrfToken} className={styles.signOut} />
        </div>
      </div>
    </>
  );
}
