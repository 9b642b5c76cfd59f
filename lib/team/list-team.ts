import "server-only";
import type { TenantRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";

export type TeamMember = { membershipId: string; name: string; email: string; role: TenantRole; joinedAt: Date; isYou: boolean };
export type PendingInvite = { inviteId: string; email: string; role: TenantRole; sentAt: Date; expiresAt: Date; expired: boolean; sendCount: number };

/** The team page: members (owners first, then by when they joined) and invites not yet accepted or revoked. */
export async function listTeam(tenantId: string, viewerId: string, now = new Date()): Promise<{ members: TeamMember[]; invites: PendingInvite[] }> {
  const db = getDb();
  const [memberships, invites] = await Promise.all([
    db.membership.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db.invite.findMany({
      where: { tenantId, acceptedAt: null, revokedAt: null },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      take: 200,
    }),
  ]);
  const rank: Record<TenantRole, number> = { owner: 0, billing: 1, member: 2 };
  const members = memberships
    .map((m) => ({ membershipId: m.id, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt, isYou: m.user.id === viewerId }))
    .sort((a, b) => rank[a.role] - rank[b.role]);
  return {
    members,
    invites: invites.map((i) => ({
      inviteId: i.id,
      email: i.email,
      role: i.role,
      sentAt: i.updatedAt,
      expiresAt: i.expiresAt,
      expired: i.expiresAt <= now,
      sendCount: i.sendCount,
    })),
  };
}
