import "server-only";
import type { AdminContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import { getBillingDashboard } from "@/lib/billing/get-billing-dashboard";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * An admin's read-only look at a tenant's billing dashboard, as the tenant sees it. Each look is audited: it shows
 * the tenant's card, invoices and amounts to someone outside the tenant.
 */
export async function viewTenantBilling(tenantId: string, { user }: AdminContext) {
  const tenant = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true } });
  if (!tenant) throw new AppError("not_found");
  await recordAudit(getDb(), { tenantId: tenant.id, actor: `admin:${user.id}`, action: "admin.view_as_tenant", after: { view: "billing" } });
  return { tenant, ...(await getBillingDashboard(tenant.id)) };
}
