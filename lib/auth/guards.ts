import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { loadTenantContext, loadUser } from "./context";
import { TENANT_ROLES, type TenantRole } from "./roles";
import { safeCallbackUrl } from "./safe-callback-url";
import { getSessionIdentity } from "./session";
import type { AdminContext, SessionUser, TenantContext, UserContext } from "./types";

// Guards for pages and layouts. Unauthenticated → the sign-in page; authenticated but not allowed →
// 404, so a page never reveals that something exists for someone else.

/** The path the proxy saw, so sign-in can send the user back; null when unknown. */
async function currentPath(): Promise<string | null> {
  const path = (await headers()).get("x-request-path");
  return path ? safeCallbackUrl(path, "") || null : null;
}

async function redirectToSignIn(): Promise<never> {
  const path = await currentPath();
  redirect(path ? `/signin?callbackUrl=${encodeURIComponent(path)}` : "/signin");
}

const loadSessionUser = cache(async (): Promise<SessionUser | null> => {
  const identity = await getSessionIdentity();
  return identity ? loadUser(identity.userId) : null;
});

/** The signed-in user, or null; for pages that show something different to guests. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  return loadSessionUser();
}

/** The signed-in user with the tenant the session points at (not role-checked), or null. */
export async function getCurrentSession(): Promise<{ user: SessionUser; tenantId: string | null } | null> {
  const identity = await getSessionIdentity();
  const user = await loadSessionUser();
  return identity && user ? { user, tenantId: identity.tenantId } : null;
}

export async function requireUser(): Promise<UserContext> {
  const user = await loadSessionUser();
  if (!user) return redirectToSignIn();
  return { user };
}

const loadTenant = cache(async (rolesKey: string): Promise<TenantContext | null | "guest"> => {
  const identity = await getSessionIdentity();
  if (!identity) return "guest";
  const roles = rolesKey.split(",") as TenantRole[];
  return loadTenantContext(identity, roles);
});

/** The caller's tenant and role, re-checked in the database; any role when `roles` is omitted. */
export async function requireTenantRole(roles: readonly TenantRole[] = TENANT_ROLES): Promise<TenantContext> {
  // cache() keys on primitive arguments, so the role list is passed as a sorted string.
  const context = await loadTenant([...roles].sort().join(","));
  if (context === "guest") return redirectToSignIn();
  if (!context) {
    // A deleted account with a still-valid cookie signs in again rather than seeing a 404.
    if (!(await loadSessionUser())) return redirectToSignIn();
    notFound();
  }
  return context;
}

export async function requireAdmin(): Promise<AdminContext> {
  const user = await loadSessionUser();
  if (!user) return redirectToSignIn();
  if (!user.isPlatformAdmin) notFound();
  return { user };
}
