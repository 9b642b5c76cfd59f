import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyEmailWithToken } from "@/lib/accounts/email-verification";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { loadPrimaryMembership } from "./context";
import { revokeAllSessions, SessionRevokedError, sessionLifetimeSeconds, sessionProblem } from "./session-version";
import { clientAddressFromHeaders } from "@/lib/http/client-address";
import { GENERIC_SIGN_IN_ERROR, verifyCredentials } from "./verify-credentials";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Cookies get the __Secure- prefix and the Secure flag whenever the public URL is https. */
export function usesSecureCookies(): boolean {
  return getEnv().NEXTAUTH_URL.startsWith("https://");
}

let cached: NextAuthOptions | undefined;

// Built on first use so a `next build` without secrets can still load the module.
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    // JWT sessions: any instance can serve any request without a shared session store.
    session: { strategy: "jwt", maxAge: Math.min(SESSION_MAX_AGE_SECONDS, sessionLifetimeSeconds()) },
    useSecureCookies: usesSecureCookies(),
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      error: (code, metadata) => {
        // A revoked or expired session presented for renewal is routine, not an error.
        if (metadata instanceof SessionRevokedError) return getLogger().info({ reason: metadata.message }, "session not renewed");
        getLogger().error({ code, metadata }, "next-auth error");
      },
      warn: (code) => getLogger().warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const result = await verifyCredentials({
            email: credentials?.email,
            password: credentials?.password,
            ip: clientAddressFromHeaders(req.headers ?? {}),
          });
          if (!result.ok) {
            getLogger().info({ reason: result.reason }, "sign-in refused");
            // Returning null makes next-auth answer with its generic CredentialsSignin error.
            return null;
          }
          return result.user;
        },
      }),
      // The verification link signs its new owner in: opening it is how a fresh account starts its first session.
      CredentialsProvider({
        id: "email-link",
        name: "Email verification link",
        credentials: { token: { label: "Token", type: "text" } },
        async authorize(credentials) {
          const user = await verifyEmailWithToken(String(credentials?.token ?? ""));
          if (!user) getLogger().info({ reason: "invalid link" }, "email verification refused");
          return user;
        },
      }),
    ],
    events: {
      // Signing out signs out everywhere: every token of this user, copies and stolen ones included (#12.4).
      async signOut({ token }) {
        if (typeof token?.userId === "string" && typeof token.sessionVersion === "number") {
          await revokeAllSessions(token.userId, token.sessionVersion);
        }
      },
    },
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.userId = user.id;
          token.isPlatformAdmin = user.isPlatformAdmin;
          token.sessionVersion = user.sessionVersion;
          token.authTime = Math.floor(Date.now() / 1000);
        } else {
          // Every renewal (/api/auth/session) re-checks: next-auth drops the cookie when this throws.
          const problem = await sessionProblem(token);
          if (problem) throw new SessionRevokedError(problem);
        }
        // Tenant and role are read from the database at sign-in and on an explicit session update;
        // guards re-check them on every request anyway.
        if ((user || trigger === "update") && token.userId) {
          // An update may ask for a tenant (the client's claim): honoured only if the database has the membership.
          const requested = trigger === "update" && typeof session?.tenantId === "string" ? session.tenantId : undefined;
          const membership = await loadPrimaryMembership(token.userId, requested);
          token.tenantId = membership?.tenantId ?? null;
          token.role = membership?.role ?? null;
        }
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          user: {
            id: token.userId ?? "",
            email: token.email ?? "",
            name: token.name ?? "",
            isPlatformAdmin: token.isPlatformAdmin ?? false,
          },
          tenantId: token.tenantId ?? null,
          role: token.role ?? null,
        };
      },
    },
  };
}

export { GENERIC_SIGN_IN_ERROR };
