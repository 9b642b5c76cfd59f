import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";

/** Where to go after signing in: a safe callbackUrl, else billing, or admin for an admin without a tenant. */
export function postSignInTarget(
  callbackUrl: string | null | undefined,
  session: { tenantId: string | null; user: { isPlatformAdmin: boolean } } | null,
): string {
  const fallback = session && !session.tenantId && session.user.isPlatformAdmin ? "/admin" : "/billing";
  return safeCallbackUrl(callbackUrl, fallback);
}
