import "server-only";
import { unstable_rethrow } from "next/navigation";
import { authorizeTenant, authorizeUser } from "@/lib/auth/authorize";
import type { RoleList } from "@/lib/auth/roles";
import type { TenantContext, UserContext } from "@/lib/auth/types";
import { errorResponse } from "./error-response";

// Route-handler counterparts of tenantAction/userAction: the same checks, AppError mapped to JSON.
//   export const POST = withTenant(["owner", "billing"], async (request, { tenant }) => Response.json(…));

export type RouteContext<P> = { params: Promise<P> };
type Handler<C, P> = (request: Request, context: C & { params: P }) => Promise<Response> | Response;

export function withTenant<P = Record<string, string | string[]>>(roles: RoleList, handler: Handler<TenantContext, P>) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const context = await authorizeTenant(roles, undefined);
      return await handler(request, { ...context, params: await route.params });
    } catch (error) {
      unstable_rethrow(error);
      return errorResponse(error, { route: new URL(request.url).pathname });
    }
  };
}

export function withUser<P = Record<string, string | string[]>>(handler: Handler<UserContext, P>) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const context = await authorizeUser();
      return await handler(request, { ...context, params: await route.params });
    } catch (error) {
      unstable_rethrow(error);
      return errorResponse(error, { route: new URL(request.url).pathname });
    }
  };
}
