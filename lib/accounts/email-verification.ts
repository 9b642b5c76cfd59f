import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { consumeAllowance } from "@/lib/auth/login-rate-limit";
import type { VerifiedUser } from "@/lib/auth/verify-credentials";
import { sendVerifyEmail } from "./account-emails";
import { consumeAccountToken, issueAccountToken } from "./account-tokens";

// Sign-in works before the address is confirmed; money does not move until it is (billingAction checks).

export const EMAIL_NOT_VERIFIED_MESSAGE =
  "Confirm your email address before changing billing: open the link we emailed you, or send a new one from Settings.";

const RESENDS_PER_HOUR = 5;

export async function isEmailVerified(userId: string): Promise<boolean> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return Boolean(user?.emailVerifiedAt);
}

/** The guard billing actions run after authorisation: an unconfirmed address may not subscribe, change or cancel. */
export async function requireVerifiedEmail(userId: string): Promise<void> {
  if (!(await isEmailVerified(userId))) throw new AppError("forbidden", EMAIL_NOT_VERIFIED_MESSAGE);
}

/**
 * Spends a verification link, marks the address confirmed and returns the user to sign in (the link is how a new
 * account starts its first session). Null for a link that is unknown, used or expired.
 */
export async function verifyEmailWithToken(token: string, now = new Date()): Promise<VerifiedUser | null> {
  return getDb().$transaction(async (tx) => {
    const spent = await consumeAccountToken(tx, "verify_email", token, now);
    if (!spent) return null;
    const before = await tx.user.findUniqueOrThrow({ where: { id: spent.userId }, select: { emailVerifiedAt: true } });
    const user = await tx.user.update({
      where: { id: spent.userId },
      data: { emailVerifiedAt: before.emailVerifiedAt ?? now },
      select: { id: true, email: true, name: true, isPlatformAdmin: true, sessionVersion: true },
    });
    if (!before.emailVerifiedAt) {
      await recordAudit(tx, { tenantId: null, actor: `user:${user.id}`, action: "account.email_verified", after: { email: user.email } });
    }
    return user;
  });
}

/** A fresh link for a signed-in user whose address is unconfirmed (the older link stops working). */
export async function resendVerificationEmail(userId: string): Promise<{ sent: boolean }> {
  const { allowed } = await consumeAllowance([{ key: `verify-resend:${userId}`, limit: RESENDS_PER_HOUR }], 60 * 60 * 1000);
  if (!allowed) throw new AppError("rate_limited", "We sent several links in the last hour. Check your inbox, or try again later.");
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, emailVerifiedAt: true } });
    if (user.emailVerifiedAt) return { sent: false };
    const link = await issueAccountToken(tx, { userId, purpose: "verify_email" });
    await sendVerifyEmail(tx, { tokenId: link.id, token: link.token, to: user.email, name: user.name });
    return { sent: true };
  });
}
