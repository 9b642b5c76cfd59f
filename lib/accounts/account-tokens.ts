import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { AccountTokenPurpose } from "@/lib/generated/prisma/client";
import { getDb, type Tx } from "@/lib/db/client";

// The single-use links sent by email. The link carries 32 random bytes; the database keeps only their SHA-256,
// so a leaked backup or a read-only SQL injection opens no account. SHA-256 rather than scrypt: the token is
// random, not a guessable password, so a fast hash loses nothing and the lookup stays one indexed query.

export type { AccountTokenPurpose };

/** How long each kind of link works. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 30 * 60 * 1000,
  change_email: 24 * 60 * 60 * 1000,
};

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Issues a new link for `purpose`, voiding the user's earlier unused ones of the same kind (only the newest
 * email works). Returns the token itself (it goes into the email and is never stored) and the row's id (the
 * email's key: one email per link).
 */
export async function issueAccountToken(
  tx: Tx,
  input: { userId: string; purpose: AccountTokenPurpose; newEmail?: string; now?: Date },
): Promise<{ id: string; token: string }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  await tx.accountToken.updateMany({
    where: { userId: input.userId, purpose: input.purpose, usedAt: null },
    data: { usedAt: now },
  });
  const { id } = await tx.accountToken.create({
    select: { id: true },
    data: {
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      newEmail: input.newEmail ?? null,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[input.purpose]),
    },
  });
  return { id, token };
}

export type ConsumedToken = { userId: string; newEmail: string | null };

/**
 * Spends a token inside `tx`: one conditional UPDATE, so two clicks racing on the same link cannot both pass.
 * Null for an unknown, used, expired or other-purpose token (the caller answers all of them alike).
 */
export async function consumeAccountToken(
  tx: Tx,
  purpose: AccountTokenPurpose,
  token: string,
  now = new Date(),
): Promise<ConsumedToken | null> {
  if (typeof token !== "string" || token.length < 20 || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const { count } = await tx.accountToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await tx.accountToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true, newEmail: true } });
  return row;
}

/** Whether a token would be accepted now, without spending it (a page shows the form only for a live link). */
export async function isAccountTokenLive(purpose: AccountTokenPurpose, token: string, now = new Date()): Promise<boolean> {
  if (typeof token !== "string" || token.length < 20 || token.length > 200) return false;
  const row = await getDb().accountToken.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  return row !== null;
}

/** Drops tokens that can no longer be used: expired, or used (periodic job; the rows are worthless once dead). */
export async function deleteExpiredAccountTokens(now = new Date()): Promise<{ deleted: number }> {
  const { count } = await getDb().accountToken.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] },
  });
  return { deleted: count };
}
