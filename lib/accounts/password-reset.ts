import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { consumeAllowance, LOGIN_WINDOW_MS, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS, UNKNOWN_ADDRESS } from "@/lib/auth/login-rate-limit";
import { sendPasswordChangedEmail, sendPasswordResetEmail } from "./account-emails";
import { consumeAccountToken, issueAccountToken } from "./account-tokens";
import { hashPassword } from "./password";
import { newPasswordOrThrow } from "./password-policy";

/** The answer to every reset request that passes the limits, registered address or not. */
export const PASSWORD_RESET_NOTICE =
  "If an account uses this address, we sent it a link to choose a new password. The link works for 30 minutes.";

export const RESET_LINK_INVALID = "This link has expired or was used already. Ask for a new one.";

const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

/**
 * Emails a 30-minute reset link when the address has an account, and does the same work when it has not (a token
 * hashed, one transaction), so neither the answer nor its timing says which. Limited like sign-in: per address
 * and account pair, and per address overall, counted whether or not the account exists.
 */
export async function requestPasswordReset(input: { email: unknown; ip: string | null }): Promise<{ notice: string }> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: { email: ["Enter a valid email address."] } });
  }
  const email = parsed.data;
  const address = input.ip ?? UNKNOWN_ADDRESS;
  const emailKey = createHash("sha256").update(email).digest("hex");
  const { allowed } = await consumeAllowance(
    [
      { key: `reset-pair:${emailKey}:${address}`, limit: MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS },
      { key: `reset-ip:${address}`, limit: MAX_FAILURES_PER_ADDRESS },
    ],
    LOGIN_WINDOW_MS,
  );
  if (!allowed) throw new AppError("rate_limited");

  const db = getDb();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
  await db.$transaction(async (tx) => {
    // Unknown address: the same statements against no user, so the work matches.
    const link = await issueAccountTokenFor(tx, user?.id);
    if (user && link) await sendPasswordResetEmail(tx, { tokenId: link.id, token: link.token, to: user.email, name: user.name });
  });
  return { notice: PASSWORD_RESET_NOTICE };
}

async function issueAccountTokenFor(tx: Parameters<typeof issueAccountToken>[0], userId: string | undefined) {
  if (userId) return issueAccountToken(tx, { userId, purpose: "reset_password" });
  await tx.accountToken.updateMany({ where: { userId: "", purpose: "reset_password", usedAt: null }, data: { usedAt: new Date() } });
  return null;
}

/**
 * Sets a new password from a reset link: the policy first (a refused password leaves the link usable), then the
 * link is spent, every session of the user ends (the version bump), and the address counts as confirmed — the
 * link proved the mailbox.
 */
export async function resetPassword(input: { token: unknown; password: unknown }): Promise<{ email: string }> {
  const password = newPasswordOrThrow(input.password, "password");
  const token = typeof input.token === "string" ? input.token : "";
  const passwordHash = await hashPassword(password);
  return getDb().$transaction(async (tx) => {
    const now = new Date();
    const spent = await consumeAccountToken(tx, "reset_password", token, now);
    if (!spent) throw new AppError("invalid_input", RESET_LINK_INVALID);
    const before = await tx.user.findUniqueOrThrow({ where: { id: spent.userId }, select: { emailVerifiedAt: true } });
    const user = await tx.user.update({
      where: { id: spent.userId },
      data: { passwordHash, sessionVersion: { increment: 1 }, emailVerifiedAt: before.emailVerifiedAt ?? now },
      select: { id: true, email: true, name: true, sessionVersion: true },
    });
    await recordAudit(tx, { tenantId: null, actor: `user:${user.id}`, action: "account.password_reset" });
    await sendPasswordChangedEmail(tx, { key: `password-changed:${user.id}:${user.sessionVersion}`, to: user.email, name: user.name });
    return { email: user.email };
  });
}
