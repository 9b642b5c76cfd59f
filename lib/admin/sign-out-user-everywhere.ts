import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AdminContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const signOutUserEverywhereSchema = z.object({
  tenantId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
});
export type SignOutUserEverywhereInput = z.output<typeof signOutUserEverywhereSchema>;

/**
 * Ends every session of a member of this tenant (a lost laptop, a leaked cookie): their session version is
 * bumped, so each token issued before is refused on its next request, on every instance (#12.4).
 */
export async function signOutUserEverywhere(input: SignOutUserEverywhereInput, { user }: AdminContext): Promise<{ sessionVersion: number }> {
  return getDb().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { userId_tenantId: { userId: input.userId, tenantId: input.tenantId } },
      select: { user: { select: { id: true, email: true } } },
    });
    if (!membership) throw new AppError("not_found");
    const updated = await tx.user.update({
      where: { id: membership.user.id },
      data: { sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: `admin:${user.id}`,
      action: "admin.sessions_revoked",
      before: null,
      after: { userId: membership.user.id, email: membership.user.email, sessionVersion: updated.sessionVersion },
      reason: "sign out everywhere",
    });
    return updated;
  });
}
