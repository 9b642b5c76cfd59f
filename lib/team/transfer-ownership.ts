import "server-only";
import type { TenantContext } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { findMembershipOrThrow, userActor } from "./team-records";
import { asTeamOwner, assertTenantKeepsAnOwner } from "./team-lock";

/**
 * Hands ownership to another member in one step: they become an owner and the caller a billing admin (they keep
 * managing billing, not the team). Both changes commit together or not at all.
 */
export async function transferOwnership(context: TenantContext, input: { membershipId: string }): Promise<{ membershipId: string }> {
  const tenantId = context.tenant.id;
  return asTeamOwner(context, async (tx, callerMembershipId) => {
    const target = await findMembershipOrThrow(tx, tenantId, input.membershipId);
    if (target.id === callerMembershipId) throw new AppError("invalid_input", "Choose another member to hand ownership to.");
    await tx.membership.update({ where: { id: target.id }, data: { role: "owner" } });
    await tx.membership.update({ where: { id: callerMembershipId }, data: { role: "billing" } });
    await assertTenantKeepsAnOwner(tx, tenantId);
    await recordAudit(tx, {
      tenantId,
      actor: userActor(context.user.id),
      action: "team.ownership_transfer",
      before: { owner: context.user.email, newOwnerRole: target.role },
      after: { owner: target.user.email, previousOwnerRole: "billing" },
    });
    return { membershipId: target.id };
  });
}
