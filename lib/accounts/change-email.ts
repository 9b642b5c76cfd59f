import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { sendConfirmEmailChange, sendEmailChangedEmail } from "./account-emails";
import { consumeAccountToken, issueAccountToken } from "./account-tokens";
import { checkCurrentPassword } from "./check-current-password";

export const EMAIL_CHANGE_NOTICE =
  "We sent a link to the new address. Your sign-in email changes when you open it (within 24 hours).";

export const EMAIL_CHANGE_LINK_INVALID = "This link has expired or was used already. Ask for a new one from Settings.";

const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

/**
 * Starts a change of sign-in email: the current password, then a link to the NEW address (the change happens only
 * when it is opened). An address that belongs to another account gets the same answer and no email, so this form
 * is no registration oracle either.
 */
export async function requestEmailChange(input: { userId: string; currentPassword: string; newEmail: string; ip: string | null }): Promise<{ notice: string }> {
  const parsed = emailSchema.safeParse(input.newEmail);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: { newEmail: ["Enter a valid email address."] } });
  }
  const newEmail = parsed.data;
  const { email, name } = await checkCurrentPassword(input.userId, input.currentPassword, input.ip);
  if (newEmail === email) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: { newEmail: ["This is already your email address."] } });
  }
  const db = getDb();
  const taken = await db.user.findUnique({ where: { email: newEmail }, select: { id: true } });
  await db.$transaction(async (tx) => {
    if (taken) return;
    const link = await issueAccountToken(tx, { userId: input.userId, purpose: "change_email", newEmail });
    await sendConfirmEmailChange(tx, { tokenId: link.id, token: link.token, to: newEmail, name });
  });
  return { notice: EMAIL_CHANGE_NOTICE };
}

/** Opens a change-email link: the account moves to the new (now confirmed) address and the old one is told. */
export async function confirmEmailChange(token: string): Promise<{ email: string }> {
  try {
    return await getDb().$transaction(async (tx) => {
      const now = new Date();
      const spent = await consumeAccountToken(tx, "change_email", token, now);
      if (!spent?.newEmail) throw new AppError("invalid_input", EMAIL_CHANGE_LINK_INVALID);
      const before = await tx.user.findUniqueOrThrow({ where: { id: spent.userId }, select: { email: true, name: true } });
      await tx.user.update({ where: { id: spent.userId }, data: { email: spent.newEmail, emailVerifiedAt: now } });
      await recordAudit(tx, {
        tenantId: null,
        actor: `user:${spent.userId}`,
        action: "account.email_changed",
        before: { email: before.email },
        after: { email: spent.newEmail },
      });
      await sendEmailChangedEmail(tx, { key: `email-changed:${spent.userId}:${now.toISOString()}`, to: before.email, name: before.name, newEmail: spent.newEmail });
      return { email: spent.newEmail };
    });
  } catch (error) {
    // The address was taken by a sign-up between the request and the click.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "That address now belongs to another account. Choose another one from Settings.");
    }
    throw error;
  }
}
