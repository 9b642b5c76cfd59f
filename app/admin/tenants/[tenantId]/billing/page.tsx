// /admin/tenants/[tenantId]/billing — "view as tenant": the tenant's billing dashboard exactly as they see it,
// read-only (no action is rendered, and the admin has no tenant session for the tenant's actions to accept).
// Every view is audited.
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/admin/admin.module.css";
import { BillingDashboard } from "@/components/billing/billing-dashboard";
import { viewTenantBilling } from "@/lib/admin/view-tenant-billing";
import { requireAdmin } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";

export default async function AdminViewAsTenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const admin = await requireAdmin();
  const { tenantId } = await params;
  let view;
  try {
    view = await viewTenantBilling(tenantId, admin);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <p className={styles.pageSubtitle}>
            <Link href="/admin/tenants">Tenants</Link> / <Link href={`/admin/tenants/${view.tenant.id}`}>{view.tenant.name}</Link> /
          </p>
          <h1 className={styles.pageTitle}>Billing as {view.tenant.name} sees it</h1>
        </div>
      </header>
      <div className={`${styles.panel} ${styles.warning}`} role="note" data-testid="view-as-tenant-banner">
        <strong>Read-only view as the tenant.</strong> This is what {view.tenant.name}&apos;s owners see on their billing page, without
        their buttons: nothing can be changed from here. Opening it was recorded in the audit log.
      </div>
      <BillingDashboard
        overview={view.overview}
        paymentMethod={view.paymentMethod}
        invoices={view.invoices}
        upcoming={view.upcoming}
        remedy="The tenant is asked to update the payment method"
      />
    </>
  );
}
