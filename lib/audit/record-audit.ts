import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A client or an open transaction: pass the transaction when the audit row must commit with the change. */
export type AuditWriter = Pick<Prisma.TransactionClient, "auditLog">;

export type AuditRecord = {
  tenantId: string | null;
  /** "user:<id>", "admin:<id>", "stripe:<event id>" or "system". */
  actor: string;
  action: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  reason?: string | null;
};

/** Appends one row to the audit log (the table refuses updates and deletes). Webhook handlers queue theirs with lib/webhooks/queue-event-audit. */
export async function recordAudit(db: AuditWriter, entry: AuditRecord): Promise<void> {
  await db.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actor: entry.actor,
      action: entry.action,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      reason: entry.reason ?? null,
    },
  });
}
