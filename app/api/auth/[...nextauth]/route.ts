// GET/POST /api/auth/* — next-auth's own endpoints (csrf, credentials callback, session, sign-out).
// @access public — next-auth's sign-in endpoints.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// next-auth answers some malformed requests with a 500 (a GET to the credentials callback) or throws on them (a
// JSON body that does not parse). Hostile input is the client's error: only the endpoints we use reach it, and
// what it throws on becomes a 400.
const ENDPOINTS: Record<string, readonly string[]> = {
  GET: ["csrf", "session", "providers", "signin", "signout", "error"],
  // No "_log": next-auth's client logger posts there without any credential, so it let anyone write error-level
  // lines of any size into our log (#12.6). The browser's own console keeps those client errors.
  POST: ["callback", "signin", "signout", "session"],
};

async function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  const action = (await context.params).nextauth?.[0] ?? "";
  if (!ENDPOINTS[request.method]?.includes(action)) return Response.json({ error: "Not found" }, { status: 404 });
  try {
    return await NextAuth(getAuthOptions())(request, context);
  } catch {
    return Response.json({ error: "Bad request" }, { status: 400 });
  }
}

export { handler as GET, handler as POST };
