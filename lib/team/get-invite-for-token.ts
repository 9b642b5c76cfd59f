import "server-only";
import type { TenantRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { hashInviteToken, INVITE_TOKEN_PATTERN } from "./invite-token";

/** What an invitation link leads to. A link replaced by a resend reads as "invalid", like a made-up one. */
export type InviteLinkState =
  | { status: "invalid" }
  | { status: "accepted" | "revoked" | "expired"; tenantName: string }
  | { status: "valid"; inviteId: string; tenantId: string; tenantName: string; email: string; role: TenantRole; expiresAt: Date; accountExists: boolean };

export async function getInviteForToken(token: string, now = new Date()): Promise<InviteLinkState> {
  if (!INVITE_TOKEN_PATTERN.test(token)) return { status: "invalid" };
  const db = getDb();
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    include: { tenant: { select: { name: true } } },
  });
  if (!invite) return { status: "invalid" };
  const tenantName = invite.tenant.name;
  if (invite.acceptedAt) return { status: "accepted", tenantName };
  if (invite.revokedAt) return { status: "revoked", tenantName };
  if (invite.expiresAt <= now) return { status: "expired", tenantName };
  const account = await db.user.findUnique({ where: { email: invite.email }, select: { id: true } });
  return {
    status: "valid",
    inviteId: invite.id,
    tenantId: invite.tenantId,
    tenantName,
    email: invite.email,
    role: invite.role,
    expiresAt: invite.expiresAt,
    accountExists: account !== null,
  };
}

/** Why a link cannot be accepted, in words the person holding it can act on. */
export const INVITE_LINK_PROBLEMS: Record<Exclude<InviteLinkState["status"], "valid">, string> = {
  invalid: "This invitation link is not valid. If you were sent a newer invitation, use the link in that email, or ask the team's owner to invite you again.",
  accepted: "This invitation was already accepted. Sign in to reach the team.",
  revoked: "This invitation was revoked by the team's owner. Ask them to invite you again if you still need access.",
  expired: "This invitation has expired. Ask the team's owner to send it again.",
};
