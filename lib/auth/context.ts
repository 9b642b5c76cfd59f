import "server-only";
import { getDb } from "@/lib/db/client";
import type { TenantRole } from "./roles";
import type { SessionIdentity, SessionUser, TenantContext } from "./types";

// The database, not the token, decides: a deleted user, a removed member or a demoted admin loses
// access on the next request even though their signed cookie is still valid.

export async function loadUser(userId: string): Promise<SessionUser | null> {
  const user = await getDb().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, isPlatformAdmin: true },
  });
  return user;
}

/**
 * The membership the session points at, or the user's oldest one when that is gone (the token may
 * predate a removal). Null when the user belongs to no tenant or the role is not allowed.
 */
export async function loadTenantContext(
  identity: SessionIdentity,
  roles: readonly TenantRole[],
): Promise<TenantContext | null> {
  const db = getDb();
  const select = {
    role: true,
    tenant: { select: { id: true, name: true, slug: true } },
    user: { select: { id: true, email: true, name: true, isPlatformAdmin: true } },
  } as const;
  const membership =
    (identity.tenantId
      ? await db.membership.findUnique({
          where: { userId_tenantId: { userId: identity.userId, tenantId: identity.tenantId } },
          select,
        })
      : null) ??
    (await db.membership.findFirst({
      where: { userId: identity.userId },
      orderBy: { createdAt: "asc" },
      select,
    }));
  if (!membership || !roles.includes(membership.role)) return null;
  return { user: membership.user, tenant: membership.tenant, role: membership.role };
}

/**
 * The tenant and role to put in a fresh token: at sign-in the user's oldest membership; on a session update that asks
 * for a tenant (after accepting an invitation), that tenant if the user is a member of it, else the oldest again.
 */
export async function loadPrimaryMembership(userId: string, preferredTenantId?: string): Promise<{ tenantId: string; role: TenantRole } | null> {
  const db = getDb();
  const select = { tenantId: true, role: true } as const;
  const preferred = preferredTenantId
    ? await db.membership.findUnique({ where: { userId_tenantId: { userId, tenantId: preferredTenantId } }, select })
    : null;
  return preferred ?? (await db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select }));
}
