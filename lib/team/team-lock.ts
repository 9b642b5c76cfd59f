import "server-only";
import { getDb, type Tx } from "@/lib/db/client";
import type { TenantContext } from "@/lib/auth/types";
import { AppError } from "@/lib/errors";

/**
 * Runs a team change in one transaction holding the tenant's row lock, so two owners demoting each other, a removal
 * racing an ownership transfer, or two accepts of one invite happen one after the other and each sees the other's
 * result. FOR NO KEY UPDATE conflicts only with itself and row updates: webhook inserts that reference the tenant
 * (which take KEY SHARE) are not held up.
 */
export async function withTeamLock<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Tenant" WHERE "id" = ${tenantId} FOR NO KEY UPDATE`;
    if (locked.length === 0) throw new AppError("not_found");
    return fn(tx);
  });
}

export const LAST_OWNER_MESSAGE = "A team needs at least one owner. Make someone else an owner first.";

/** Called inside withTeamLock after a change: a tenant without an owner rolls the whole change back. */
export async function assertTenantKeepsAnOwner(tx: Tx, tenantId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { tenantId, role: "owner" } });
  if (owners === 0) throw new AppError("conflict", LAST_OWNER_MESSAGE);
}

/**
 * An owner's team change: the tenant's lock, then the caller's role read again under it. The action's guard checked
 * it before the transaction, but an owner demoted a moment ago by another owner must not act on the team any more.
 */
export async function asTeamOwner<T>(context: TenantContext, fn: (tx: Tx, callerMembershipId: string) => Promise<T>): Promise<T> {
  return withTeamLock(context.tenant.id, async (tx) => {
    const caller = await tx.membership.findUnique({
      where: { userId_tenantId: { userId: context.user.id, tenantId: context.tenant.id } },
      select: { id: true, role: true },
    });
    if (caller?.role !== "owner") throw new AppError("not_found");
    return fn(tx, caller.id);
  });
}
