import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** How long an invitation link works; a resend starts the period again with a new link. */
const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 32 random bytes in base64url: what a link carries. Anything else is refused before a database look-up. */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Only the hash is stored: a copy of the table (a backup, a replica) holds no working links. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newInviteToken(now = new Date()): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token), expiresAt: new Date(now.getTime() + INVITE_TTL_MS) };
}

export function invitePath(token: string): string {
  return `/invite/${token}`;
}
