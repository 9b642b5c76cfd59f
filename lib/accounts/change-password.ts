import "server-only";
import { getDb } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { sendPasswordChangedEmail } from "./account-emails";
import { checkCurrentPassword } from "./check-current-password";
import { hashPassword } from "./password";
import { newPasswordOrThrow } from "./password-policy";

/**
 * A signed-in user's new password, given the current one. Every session ends (the version bump), this one too: the
 * form signs in again with the new password, so only the device that made the change stays signed in.
 */
export async function changePassword(input: { userId: string; currentPassword: string; newPassword: string; ip: string | null }): Promise<{ email: string }> {
  const newPassword = newPasswordOrThrow(input.newPassword);
  const { email, name } = await checkCurrentPassword(input.userId, input.currentPassword, input.ip);
  const passwordHash = await hashPassword(newPassword);
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: input.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAudit(tx, { tenantId: null, actor: `user:${input.userId}`, action: "account.password_changed" });
    await sendPasswordChangedEmail(tx, { key: `password-changed:${input.userId}:${user.sessionVersion}`, to: email, name });
    return { email };
  });
}
