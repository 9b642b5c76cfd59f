import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./handler-context";

type AuditEntry = {
  tenantId: string | null;
  actor: string;
  action: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  reason?: string;
};

/** Inside the event's transaction, so a retried or duplicated event writes its audit row exactly once. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actor: entry.actor,
      action: entry.action,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      reason: entry.reason,
    },
  });
}
