import "server-only";
import type { TenantRole } from "@/lib/auth/roles";
import type { TenantContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Invite } from "@/lib/generated/prisma/client";
import { newInviteToken } from "./invite-token";
import { sendInviteEmail } from "./send-invite-email";
import { findPendingInviteOrThrow, userActor } from "./team-records";
import { asTeamOwner } from "./team-lock";

/** An invite is emailed at most this many times (first send included): an owner cannot turn it into spam. */
export const MAX_INVITE_SENDS = 5;

/**
 * Emails an invite again with a new link and a new 7-day period (the previous link stops working), optionally with
 * another role. Shared by "resend" and by inviting an address that already has a pending invite.
 */
export async function reissueInvite(tx: Tx, context: TenantContext, invite: Invite, role: TenantRole = invite.role): Promise<Invite> {
  if (invite.sendCount >= MAX_INVITE_SENDS) {
    throw new AppError("rate_limited", `This invitation was sent ${MAX_INVITE_SENDS} times already. Revoke it and invite again later.`);
  }
  const { token, tokenHash, expiresAt } = newInviteToken();
  const updated = await tx.invite.update({
    where: { id: invite.id },
    data: { role, tokenHash, expiresAt, invitedById: context.user.id, sendCount: { increment: 1 } },
  });
  await recordAudit(tx, {
    tenantId: context.tenant.id,
    actor: userActor(context.user.id),
    action: "team.invite_resend",
    before: { inviteId: invite.id, email: invite.email, role: invite.role },
    after: { inviteId: invite.id, email: invite.email, role, expiresAt: expiresAt.toISOString() },
  });
  await sendInviteEmail(tx, {
    inviteId: updated.id,
    sendCount: updated.sendCount,
    tenantId: context.tenant.id,
    tenantName: context.tenant.name,
    inviterName: context.user.name,
    to: updated.email,
    role,
    token,
    expiresAt,
  });
  return updated;
}

export async function resendInvite(context: TenantContext, input: { inviteId: string }): Promise<{ inviteId: string }> {
  return asTeamOwner(context, async (tx) => {
    const invite = await findPendingInviteOrThrow(tx, context.tenant.id, input.inviteId);
    await reissueInvite(tx, context, invite);
    return { inviteId: invite.id };
  });
}
