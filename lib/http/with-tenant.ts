import "server-only";
import { authorizeTenant, authorizeUser } from "@/lib/auth/authorize";
import type { RoleList } from "@/lib/auth/roles";
import type { TenantContext, UserContext } from "@/lib/auth/types";
import { guardedRoute, type GuardedHandler } from "./guarded-route";

// Route-handler counterparts of tenantAction/userAction: the same checks, AppError mapped to JSON.
//   export const POST = withTenant(["owner", "billing"], async (request, { tenant }) => Response.json(…));

export function withTenant<P = Record<string, string | string[]>>(roles: RoleList, handler: GuardedHandler<TenantContext, P>) {
  return guardedRoute(() => authorizeTenant(roles, undefined), handler);
}

export function withUser<P = Record<string, string | string[]>>(handler: GuardedHandler<UserContext, P>) {
  return guardedRoute(() => authorizeUser(), handler);
}
