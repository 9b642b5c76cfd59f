import "server-only";
import { loadTenantContext, loadUser } from "@/lib/auth/context";
import type { TenantRole } from "@/lib/auth/roles";
import { getSessionIdentity } from "@/lib/auth/session";
import type { AdminContext, TenantContext, UserContext } from "@/lib/auth/types";
import { AppError } from "@/lib/errors";

// The checks behind every guard: server actions (lib/actions/safe-action) and route handlers (lib/http/with-*).
// The tenant always comes from the session, re-checked in the database; never from the input.

export async function authorizeUser(): Promise<UserContext> {
  const identity = await getSessionIdentity();
  const user = identity ? await loadUser(identity.userId) : null;
  if (!user) throw new AppError("unauthenticated");
  return { user };
}

export async function authorizeTenant(roles: readonly TenantRole[], rawInput: unknown): Promise<TenantContext> {
  const identity = await getSessionIdentity();
  if (!identity) throw new AppError("unauthenticated");
  const context = await loadTenantContext(identity, roles);
  // Wrong tenant and wrong role look the same as a missing thing: we don't reveal what exists.
  if (!context) throw new AppError("not_found");
  // An input naming another tenant is refused outright rather than silently redirected to ours.
  if (rawInput && typeof rawInput === "object" && "tenantId" in rawInput) {
    const claimed = (rawInput as { tenantId?: unknown }).tenantId;
    if (claimed !== undefined && claimed !== context.tenant.id) throw new AppError("not_found");
  }
  return context;
}

export async function authorizeAdmin(): Promise<AdminContext> {
  const { user } = await authorizeUser();
  if (!user.isPlatformAdmin) throw new AppError("not_found");
  return { user };
}
