// Next 16 proxy (formerly middleware): security headers on every page and API response, and a
// convenience redirect to /signin for guests on protected areas. Authorisation is NOT decided here —
// the guards and action factories re-check the session against the database.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { refuseHostileRequest, ROUTED_METHODS } from "@/lib/http/malformed-action";
import { buildSecurityHeaders, createNonce } from "@/lib/http/security-headers";

const PROTECTED_PREFIXES = ["/billing", "/checkout", "/team", "/settings", "/admin"];

function isProtected(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export async function proxy(request: NextRequest) {
  const env = getEnv();
  const nonce = createNonce();
  const securityHeaders = buildSecurityHeaders({
    nonce,
    stripeJsUrl: env.stripeJsUrl,
    stripeApiUrl: env.STRIPE_API_URL,
    nodeEnv: env.NODE_ENV,
    publicUrl: env.NEXTAUTH_URL,
  });
  const { pathname, search } = request.nextUrl;

  const refusal = await refuseHostileRequest(request);
  if (refusal) {
    // A refused server action gets its reason as text/plain: Next's action client throws it as the error's message,
    // and the form shows it (lib/format/action-refusals.ts) instead of "could not reach the server".
    const refused = request.headers.has("next-action")
      ? new NextResponse(refusal.error, { status: refusal.status, headers: { "content-type": "text/plain" } })
      : NextResponse.json({ error: refusal.error }, { status: refusal.status });
    if (refusal.status === 405) refused.headers.set("Allow", ROUTED_METHODS.join(", "));
    for (const [name, value] of Object.entries(securityHeaders)) refused.headers.set(name, value);
    return refused;
  }

  if (isProtected(pathname)) {
    const token = await getToken({
      req: request,
      secret: env.NEXTAUTH_SECRET,
      secureCookie: env.NEXTAUTH_URL.startsWith("https://"),
    });
    if (!token) {
      const signIn = new URL("/signin", request.url);
      signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
      const redirect = NextResponse.redirect(signIn);
      for (const [name, value] of Object.entries(securityHeaders)) redirect.headers.set(name, value);
      return redirect;
    }
  }

  // Next reads the nonce back from the request's CSP header and stamps it on its inline scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", securityHeaders["Content-Security-Policy"] ?? "");
  // Lets page guards send a guest back here after sign-in; always overwritten, never the client's.
  requestHeaders.set("x-request-path", `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything except the webhook hot path (signature-verified, no session, no HTML) and Next's build assets.
    // Not "every path ending in .js": a page such as /checkout/pro-month.js would be rendered without its headers.
    "/((?!api/webhooks|_next/static|_next/image).*)",
  ],
};
