import "server-only";
import { loadTenantContext } from "@/lib/auth/context";
import { TENANT_ROLES } from "@/lib/auth/roles";
import { getSessionIdentity } from "@/lib/auth/session";
import type { TenantContext } from "@/lib/auth/types";

/** The signed-in caller's tenant, or null for a guest; for public pages (pricing) that mark the current plan. */
export async function getOptionalTenantContext(): Promise<TenantContext | null> {
  const identity = await getSessionIdentity();
  return identity ? loadTenantContext(identity, TENANT_ROLES) : null;
}
