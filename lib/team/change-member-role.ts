import "server-only";
import type { TenantRole } from "@/lib/auth/roles";
import type { TenantContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import { findMembershipOrThrow, userActor } from "./team-records";
import { asTeamOwner, assertTenantKeepsAnOwner } from "./team-lock";

/** Any member's role, the caller's own included, as long as the tenant keeps an owner (checked under the lock). */
export async function changeMemberRole(
  context: TenantContext,
  input: { membershipId: string; role: TenantRole },
): Promise<{ membershipId: string; role: TenantRole }> {
  const tenantId = context.tenant.id;
  return asTeamOwner(context, async (tx) => {
    const membership = await findMembershipOrThrow(tx, tenantId, input.membershipId);
    if (membership.role === input.role) return { membershipId: membership.id, role: input.role };
    await tx.membership.update({ where: { id: membership.id }, data: { role: input.role } });
    await assertTenantKeepsAnOwner(tx, tenantId);
    await recordAudit(tx, {
      tenantId,
      actor: userActor(context.user.id),
      action: "team.role_change",
      before: { membershipId: membership.id, email: membership.user.email, role: membership.role },
      after: { membershipId: membership.id, email: membership.user.email, role: input.role },
    });
    return { membershipId: membership.id, role: input.role };
  });
}
