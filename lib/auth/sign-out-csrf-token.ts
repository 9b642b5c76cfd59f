import "server-only";
import { cookies } from "next/headers";
import { usesSecureCookies } from "./options";

function csrfCookieName(): string {
  return `${usesSecureCookies() ? "__Host-" : ""}next-auth.csrf-token`;
}

/**
 * The CSRF token next-auth expects in a sign-out POST, read from its double-submit cookie (`<token>|<hash>`, set
 * when the browser signed in). The header's sign-out is then a plain HTML form, with no next-auth client bundle on
 * every page (40 KB, a whole wave of requests on a slow network: `npm run bench:checkout`). Null when the cookie is
 * missing: next-auth then answers the form with its own confirmation page, which carries a fresh token.
 */
export async function getSignOutCsrfToken(): Promise<string | null> {
  const value = (await cookies()).get(csrfCookieName())?.value;
  const token = value?.split("|")[0];
  return token ? token : null;
}
