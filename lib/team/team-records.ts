import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Loads by id always within the caller's tenant: another tenant's id is "not found", exactly like a made-up one.

export async function findPendingInviteOrThrow(tx: Tx, tenantId: string, inviteId: string) {
  const invite = await tx.invite.findFirst({ where: { id: inviteId, tenantId, acceptedAt: null, revokedAt: null } });
  if (!invite) throw new AppError("not_found", "That invitation no longer exists: it was accepted or revoked.");
  return invite;
}

export async function findMembershipOrThrow(tx: Tx, tenantId: string, membershipId: string) {
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, tenantId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!membership) throw new AppError("not_found", "That person is not a member of this team.");
  return membership;
}

export function userActor(userId: string): string {
  return `user:${userId}`;
}
