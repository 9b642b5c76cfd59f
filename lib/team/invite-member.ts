import "server-only";
import type { TenantRole } from "@/lib/auth/roles";
import type { TenantContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { newInviteToken } from "./invite-token";
import { reissueInvite } from "./resend-invite";
import { assertSeatForNewInvite } from "./seats";
import { sendInviteEmail } from "./send-invite-email";
import { userActor } from "./team-records";
import { asTeamOwner } from "./team-lock";

/** New invitations a tenant may send per day: enough for onboarding a team, too few to use us as a spam relay. */
export const MAX_NEW_INVITES_PER_DAY = 50;

/**
 * Invites `email` to the caller's tenant with `role` and emails the link. An address with a pending invite gets
 * that invite again (new link, the role asked for now) rather than a second one; a current member is refused.
 * The look-ups run under the tenant's team lock, so two clicks never make two invites.
 */
export async function inviteMember(context: TenantContext, input: { email: string; role: TenantRole }): Promise<{ inviteId: string }> {
  const tenantId = context.tenant.id;
  return asTeamOwner(context, async (tx) => {
    const member = await tx.membership.findFirst({ where: { tenantId, user: { email: input.email } }, select: { id: true } });
    if (member) throw new AppError("conflict", `${input.email} is already a member of this team.`);
    const pending = await tx.invite.findFirst({ where: { tenantId, email: input.email, acceptedAt: null, revokedAt: null } });
    if (pending) return { inviteId: (await reissueInvite(tx, context, pending, input.role)).id };

    const today = await tx.invite.count({ where: { tenantId, createdAt: { gt: new Date(Date.now() - 24 * 60 * 60 * 1000) } } });
    if (today >= MAX_NEW_INVITES_PER_DAY) {
      throw new AppError("rate_limited", `You sent ${MAX_NEW_INVITES_PER_DAY} invitations in the last 24 hours. Try again tomorrow.`);
    }
    await assertSeatForNewInvite(tx, tenantId);
    const { token, tokenHash, expiresAt } = newInviteToken();
    const invite = await tx.invite.create({
      data: { tenantId, email: input.email, role: input.role, tokenHash, expiresAt, invitedById: context.user.id },
    });
    await recordAudit(tx, {
      tenantId,
      actor: userActor(context.user.id),
      action: "team.invite",
      after: { inviteId: invite.id, email: invite.email, role: invite.role, expiresAt: expiresAt.toISOString() },
    });
    await sendInviteEmail(tx, {
      inviteId: invite.id,
      sendCount: invite.sendCount,
      tenantId,
      tenantName: context.tenant.name,
      inviterName: context.user.name,
      to: invite.email,
      role: invite.role,
      token,
      expiresAt,
    });
    return { inviteId: invite.id };
  });
}
