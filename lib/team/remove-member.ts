import "server-only";
import type { TenantContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import { findMembershipOrThrow, userActor } from "./team-records";
import { asTeamOwner, assertTenantKeepsAnOwner } from "./team-lock";

/**
 * Takes someone out of the team (their account stays: it may belong to other teams). Their next request loses
 * access: the guards read the membership from the database, not from the session cookie.
 */
export async function removeMember(context: TenantContext, input: { membershipId: string }): Promise<{ membershipId: string }> {
  const tenantId = context.tenant.id;
  return asTeamOwner(context, async (tx) => {
    const membership = await findMembershipOrThrow(tx, tenantId, input.membershipId);
    await tx.membership.delete({ where: { id: membership.id } });
    await assertTenantKeepsAnOwner(tx, tenantId);
    await recordAudit(tx, {
      tenantId,
      actor: userActor(context.user.id),
      action: "team.member_remove",
      before: { membershipId: membership.id, email: membership.user.email, role: membership.role },
    });
    return { membershipId: membership.id };
  });
}
