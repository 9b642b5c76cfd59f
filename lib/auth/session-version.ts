import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// Session tokens are stateless JWTs, so revocation works by version: each token carries the user's
// sessionVersion from sign-in and its sign-in time; bumping the version (sign-out, password change, an admin's
// "sign out everywhere") voids every token issued before, on every instance, on the next request. The sign-in
// time bounds a session absolutely: renewals through /api/auth/session never carry it past the lifetime.

/** Thrown from next-auth's jwt callback so it drops the cookie instead of renewing it. */
export class SessionRevokedError extends Error {
  constructor(reason: "revoked" | "expired") {
    super(`session ${reason}`);
    this.name = "SessionRevokedError";
  }
}

export function sessionLifetimeSeconds(): number {
  return getEnv().SESSION_ABSOLUTE_LIFETIME_HOURS * 60 * 60;
}

/** The claims a token needs to stay valid; tokens issued before they existed have neither and are refused. */
export type SessionClaims = { userId?: unknown; sessionVersion?: unknown; authTime?: unknown };

function sessionExpired(claims: SessionClaims, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const authTime = claims.authTime;
  return typeof authTime !== "number" || authTime > nowSeconds + 60 || nowSeconds - authTime >= sessionLifetimeSeconds();
}

/** Why the token no longer opens anything, or null while it is current (one indexed lookup). */
export async function sessionProblem(claims: SessionClaims): Promise<"revoked" | "expired" | null> {
  if (typeof claims.userId !== "string" || typeof claims.sessionVersion !== "number") return "revoked";
  if (sessionExpired(claims)) return "expired";
  const user = await getDb().user.findUnique({ where: { id: claims.userId }, select: { sessionVersion: true } });
  return user && user.sessionVersion === claims.sessionVersion ? null : "revoked";
}

/**
 * Ends every session of the user. With `onlyIfVersion`, only when that version is still current (a sign-out
 * with an already revoked token changes nothing). Returns whether sessions were revoked.
 */
export async function revokeAllSessions(userId: string, onlyIfVersion?: number): Promise<boolean> {
  const { count } = await getDb().user.updateMany({
    where: { id: userId, ...(onlyIfVersion === undefined ? {} : { sessionVersion: onlyIfVersion }) },
    data: { sessionVersion: { increment: 1 } },
  });
  return count > 0;
}
