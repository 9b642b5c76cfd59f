// Stands in for `next/headers` under vitest (there is no Next request outside the server): tests set the
// cookies and headers of the "current request" and sign in through next-auth's real handler, so the
// session cookie is the one a browser would hold.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { markSocketAddressHookInstalled, SOCKET_ADDRESS_HEADER } from "@/lib/http/client-address";

// These requests stand for what the served app sees, where instrumentation.ts writes the TCP peer's address.
markSocketAddressHookInstalled();

const jar = new Map<string, string>();
let requestHeaders = new Headers();

export async function cookies() {
  return {
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) ?? "" } : undefined),
    has: (name: string) => jar.has(name),
  };
}

export async function headers() {
  return new Headers(requestHeaders);
}

/** A fresh "request": no cookies (a guest) unless given, and these headers. */
export function resetRequest(init: { cookies?: Record<string, string>; headers?: Record<string, string> } = {}): void {
  jar.clear();
  for (const [name, value] of Object.entries(init.cookies ?? {})) jar.set(name, value);
  requestHeaders = new Headers(init.headers);
}

export function currentCookies(): Record<string, string> {
  return Object.fromEntries(jar);
}

type FakeResponse = { status: number; headers: Map<string, string | string[]>; body: unknown };

function fakeApiResponse() {
  const out: FakeResponse = { status: 200, headers: new Map(), body: undefined };
  const res = {
    status(code: number) {
      out.status = code;
      return res;
    },
    setHeader(key: string, value: string | string[]) {
      out.headers.set(key.toLowerCase(), value);
      return res;
    },
    getHeader(key: string) {
      return out.headers.get(key.toLowerCase());
    },
    json(body: unknown) {
      out.body = body;
      return res;
    },
    send(body: unknown) {
      out.body = body;
      return res;
    },
    end() {
      return res;
    },
  };
  return { res, out };
}

function absorbSetCookies(out: FakeResponse): void {
  const raw = out.headers.get("set-cookie");
  for (const line of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    const [pair] = line.split(";");
    const index = pair?.indexOf("=") ?? -1;
    if (!pair || index < 0) continue;
    const name = pair.slice(0, index);
    const value = decodeURIComponent(pair.slice(index + 1));
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") jar.delete(name);
    else jar.set(name, value);
  }
}

// next-auth's API-route entry runs the same core AuthHandler as the App Router route, minus next/headers.
type ApiHandler = (req: unknown, res: unknown, options: ReturnType<typeof getAuthOptions>) => Promise<unknown>;
const runNextAuth = NextAuth as unknown as ApiHandler;

async function callNextAuth(segments: string[], method: "GET" | "POST", headersIn: Record<string, string>, body?: Record<string, string>) {
  const { res, out } = fakeApiResponse();
  const req = { query: { nextauth: segments }, method, headers: headersIn, cookies: Object.fromEntries(jar), body: body ?? {} };
  await runNextAuth(req, res, getAuthOptions());
  absorbSetCookies(out);
  return out;
}

/**
 * Signs in as the browser form does: GET csrf, then POST the credentials callback with the token.
 * Returns next-auth's error code (e.g. "CredentialsSignin") when refused.
 */
export async function signInThroughNextAuth(credentials: {
  email: string;
  password: string;
  /** The TCP peer's address. */
  ip?: string;
  /** What the client (or a proxy) put in X-Forwarded-For. */
  forwardedFor?: string;
  forgeCsrf?: boolean;
}): Promise<{ ok: boolean; error: string | null }> {
  const headersIn: Record<string, string> = { host: "localhost:5050" };
  if (credentials.ip) headersIn[SOCKET_ADDRESS_HEADER] = credentials.ip;
  if (credentials.forwardedFor !== undefined) headersIn["x-forwarded-for"] = credentials.forwardedFor;
  requestHeaders = new Headers(headersIn);

  const csrf = await callNextAuth(["csrf"], "GET", headersIn);
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const callback = await callNextAuth(["callback", "credentials"], "POST", headersIn, {
    email: credentials.email,
    password: credentials.password,
    csrfToken: credentials.forgeCsrf ? "forged-token" : csrfToken,
    json: "true",
  });
  const url = (callback.body as { url?: string } | undefined)?.url ?? "";
  const error = url ? new URL(url, "http://localhost:5050").searchParams.get("error") : null;
  const csrfRefused = url.includes("csrf=true");
  return { ok: hasSessionCookie() && !error && !csrfRefused, error: error ?? (csrfRefused ? "csrf" : null) };
}

export function hasSessionCookie(): boolean {
  return [...jar.keys()].some((name) => name.endsWith("next-auth.session-token"));
}

/** Signs out as the browser does (GET csrf, POST signout with the token); returns the HTTP status. */
export async function signOutThroughNextAuth(): Promise<number> {
  const headersIn: Record<string, string> = { host: "localhost:5050" };
  const csrf = await callNextAuth(["csrf"], "GET", headersIn);
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const out = await callNextAuth(["signout"], "POST", headersIn, { csrfToken, json: "true" });
  return out.status;
}

/** What GET /api/auth/session answers for the current cookies (and whether it set a fresh session cookie). */
export async function sessionThroughNextAuth(): Promise<{ body: unknown; renewed: boolean }> {
  const out = await callNextAuth(["session"], "GET", { host: "localhost:5050" });
  const raw = out.headers.get("set-cookie");
  const lines = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const renewed = lines.some((line) => line.includes("next-auth.session-token=") && !/max-age=0|expires=thu, 01 jan 1970/i.test(line));
  return { body: out.body, renewed };
}
