import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { getEnv } from "@/lib/env";
import { usesSecureCookies } from "./options";
import { sessionProblem } from "./session-version";
import type { SessionIdentity } from "./types";

function sessionCookieName(): string {
  return `${usesSecureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

/**
 * Who the signed, encrypted session cookie says the caller is; read once per request. This is what
 * getServerSession decodes too, without its cookie-refresh side effects (a server component cannot set
 * cookies). A revoked (older session version) or expired (absolute lifetime) token is a guest. Beyond that it is
 * only a claim: the guards re-check the user and membership in the database.
 */
export const getSessionIdentity = cache(async (): Promise<SessionIdentity | null> => {
  const jar = await cookies();
  const name = sessionCookieName();
  // next-auth splits a token over `name.0`, `name.1`, … when it outgrows one cookie.
  const chunks = jar
    .getAll()
    .filter((cookie) => cookie.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)))
    .map((cookie) => cookie.value);
  const raw = jar.get(name)?.value ?? (chunks.length > 0 ? chunks.join("") : undefined);
  if (!raw) return null;
  let token: Awaited<ReturnType<typeof decode>>;
  try {
    token = await decode({ token: raw, secret: getEnv().NEXTAUTH_SECRET ?? "" });
  } catch {
    // Expired, tampered with, or sealed with a rotated secret: a guest.
    return null;
  }
  const userId = token?.userId;
  if (!token || typeof userId !== "string" || userId === "") return null;
  // Outside the try: a database failure is a 500, not a silent sign-out.
  if (await sessionProblem(token)) return null;
  return { userId, tenantId: typeof token.tenantId === "string" ? token.tenantId : null };
});
