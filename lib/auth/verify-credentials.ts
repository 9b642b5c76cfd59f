import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { verifyAgainstDummy, verifyPassword } from "@/lib/accounts/password";
import { clearLoginFailures, isLoginBlocked, recordLoginFailure } from "./login-rate-limit";

export const GENERIC_SIGN_IN_ERROR = "Invalid email or password.";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024),
});

export type VerifiedUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };

export type VerifyResult =
  | { ok: true; user: VerifiedUser }
  // `reason` is for logs and tests only; users see GENERIC_SIGN_IN_ERROR whatever it says.
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email/password pair. Unknown email, wrong password and a tripped rate limit all look the
 * same from outside, and an unknown email still costs one scrypt so timing does not tell them apart.
 */
export async function verifyCredentials(input: { email: unknown; password: unknown; ip: string | null }): Promise<VerifyResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success || parsed.data.email === "" || parsed.data.password === "") {
    return { ok: false, reason: "invalid" };
  }
  const { email, password } = parsed.data;

  if (await isLoginBlocked(email, input.ip)) return { ok: false, reason: "rate_limited" };

  const user = await getDb().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, isPlatformAdmin: true, passwordHash: true },
  });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    await recordLoginFailure(email, input.ip);
    return { ok: false, reason: "invalid" };
  }
  await clearLoginFailures(email);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin } };
}

/**
 * The client address as the nearest proxy reports it. Behind a load balancer that appends to
 * X-Forwarded-For the first entry can be forged by the client, which only weakens the per-IP limit;
 * the per-email limit does not depend on it.
 */
export function clientIpFrom(headers: Record<string, string | string[] | undefined> | Headers): string | null {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || get("x-real-ip")?.trim();
  return ip ? ip.slice(0, 64) : null;
}
