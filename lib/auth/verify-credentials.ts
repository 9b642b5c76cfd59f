import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "@/lib/accounts/password";
import { beginLoginAttempt, finishLoginAttempt } from "./login-rate-limit";

export const GENERIC_SIGN_IN_ERROR = "Invalid email or password.";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024),
});

export type VerifiedUser = { id: string; email: string; name: string; isPlatformAdmin: boolean; sessionVersion: number };

export type VerifyResult =
  | { ok: true; user: VerifiedUser }
  // `reason` is for logs and tests only; users see GENERIC_SIGN_IN_ERROR whatever it says.
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email/password pair. Unknown email, wrong password and a tripped rate limit all look the
 * same from outside, and an unknown email still costs one scrypt so timing does not tell them apart.
 * `ip` is the client address (lib/http/client-address.ts); null counts in the shared unknown-address bucket.
 */
export async function verifyCredentials(input: { email: unknown; password: unknown; ip: string | null }): Promise<VerifyResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success || parsed.data.email === "" || parsed.data.password === "") {
    return { ok: false, reason: "invalid" };
  }
  const { email, password } = parsed.data;

  const reservation = await beginLoginAttempt(email, input.ip);
  if (!reservation) return { ok: false, reason: "rate_limited" };

  const user = await getDb().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, isPlatformAdmin: true, passwordHash: true, sessionVersion: true },
  });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  await finishLoginAttempt(reservation, Boolean(user && valid));
  if (!user || !valid) return { ok: false, reason: "invalid" };
  // The one moment the plain password is at hand: upgrade hashes written with older parameters.
  if (needsRehash(user.passwordHash)) {
    await getDb().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, sessionVersion: user.sessionVersion },
  };
}
