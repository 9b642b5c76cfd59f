import Link from "next/link";
import type { ReactNode } from "react";
import styles from "./auth.module.css";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className={styles.shell}>
      <main className={styles.main}>
        <Link href="/" className={styles.brand}>
          Asset Anchor <span className={styles.brandMuted}>Billing</span>
        </Link>
        {children}
      </main>
    </div>
  );
}
