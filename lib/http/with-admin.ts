import "server-only";
import { unstable_rethrow } from "next/navigation";
import { authorizeAdmin } from "@/lib/auth/authorize";
import type { AdminContext } from "@/lib/auth/types";
import { errorResponse } from "./error-response";
import type { RouteContext } from "./with-tenant";

// Platform-admin route handlers; a non-admin gets the same 404 as for a route that does not exist.
export function withAdmin<P = Record<string, string | string[]>>(
  handler: (request: Request, context: AdminContext & { params: P }) => Promise<Response> | Response,
) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const context = await authorizeAdmin();
      return await handler(request, { ...context, params: await route.params });
    } catch (error) {
      unstable_rethrow(error);
      return errorResponse(error, { route: new URL(request.url).pathname });
    }
  };
}
