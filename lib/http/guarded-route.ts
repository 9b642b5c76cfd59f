import "server-only";
import { unstable_rethrow } from "next/navigation";
import { errorResponse } from "./error-response";

// The one shape of a guarded route handler (withTenant, withUser, withAdmin): authorize, run, and map any
// AppError (the guard's refusal included) to its JSON response. Next's own control-flow errors pass through.

export type RouteContext<P> = { params: Promise<P> };
export type GuardedHandler<C, P> = (request: Request, context: C & { params: P }) => Promise<Response> | Response;

export function guardedRoute<C, P>(authorize: () => Promise<C>, handler: GuardedHandler<C, P>) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const context = await authorize();
      return await handler(request, { ...context, params: await route.params });
    } catch (error) {
      unstable_rethrow(error);
      return errorResponse(error, { route: new URL(request.url).pathname });
    }
  };
}
