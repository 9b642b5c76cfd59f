import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export type TenantAuditAction =
  | "tenant.plan_change"
  | "tenant.seat_change"
  | "tenant.cancel_now"
  | "tenant.cancel_at_period_end"
  | "tenant.resume"
  | "tenant.resume_paused"
  | "tenant.payment_method_change"
  | "tenant.billing_address_change"
  | "tenant.tax_id_add"
  | "tenant.tax_id_remove";

/**
 * One audit row per tenant billing action, written after Stripe accepted it. `key` is the request's idempotency
 * key: a retried or double-submitted request that Stripe answered once is audited once.
 */
export async function auditTenantAction(entry: {
  tenantId: string;
  userId: string;
  action: TenantAuditAction;
  key: string;
  before: Prisma.InputJsonObject | null;
  after: Prisma.InputJsonObject;
}): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`tenant-audit:${entry.tenantId}:${entry.key}`}, 0))`;
    const seen = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "AuditLog" WHERE "tenantId" = ${entry.tenantId} AND "action" = ${entry.action}
        AND "after"->>'requestKey' = ${entry.key} LIMIT 1`;
    if (seen.length > 0) return;
    await recordAudit(tx, {
      tenantId: entry.tenantId,
      actor: `user:${entry.userId}`,
      action: entry.action,
      before: entry.before,
      after: { ...entry.after, requestKey: entry.key },
    });
  });
}

export function planLabel(plan: { name: string; interval: string } | null | undefined): string | null {
  return plan ? `${plan.name} (${plan.interval === "year" ? "yearly" : "monthly"})` : null;
}

export function cardLabel(card: { brand: string; last4: string } | null | undefined): string | null {
  return card ? `${card.brand} •••• ${card.last4}` : null;
}
