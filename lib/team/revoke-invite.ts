import "server-only";
import type { TenantContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import { findPendingInviteOrThrow, userActor } from "./team-records";
import { asTeamOwner } from "./team-lock";

/** The link stops working at once; the row stays as history. */
export async function revokeInvite(context: TenantContext, input: { inviteId: string }): Promise<{ inviteId: string }> {
  return asTeamOwner(context, async (tx) => {
    const invite = await findPendingInviteOrThrow(tx, context.tenant.id, input.inviteId);
    await tx.invite.update({ where: { id: invite.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      tenantId: context.tenant.id,
      actor: userActor(context.user.id),
      action: "team.invite_revoke",
      before: { inviteId: invite.id, email: invite.email, role: invite.role },
    });
    return { inviteId: invite.id };
  });
}
