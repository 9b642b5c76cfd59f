// /admin/drift — compare our subscriptions, invoices and charges with Stripe and repair the differences
// (also `npm run billing:reconcile`). Each repair writes an audit row.
import styles from "@/components/admin/admin.module.css";
import { requireAdmin } from "@/lib/auth/guards";
import { DriftCheckPanel } from "./drift-check-panel";

export default async function AdminDriftPage() {
  await requireAdmin();
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Drift check</h1>
          <p className={styles.pageSubtitle}>
            Pages through every subscription, invoice and charge in Stripe and compares it with our rows. Repair writes Stripe&apos;s state
            over ours, one audit entry per object. Rows Stripe does not know are reported, never deleted.
          </p>
        </div>
      </header>
      <DriftCheckPanel />
    </>
  );
}
