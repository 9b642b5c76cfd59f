import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";

/** Where to go after signing in: a safe callbackUrl, else where the role belongs (admins: the console, everyone else: billing). */
export function postSignInTarget(
  callbackUrl: string | null | undefined,
  session: { tenantId: string | null; user: { isPlatformAdmin: boolean } } | null,
): string {
  const fallback = session?.user.isPlatformAdmin ? "/admin" : "/billing";
  return safeCallbackUrl(callbackUrl, fallback);
}
