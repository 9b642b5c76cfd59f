import "server-only";
import { authorizeAdmin } from "@/lib/auth/authorize";
import type { AdminContext } from "@/lib/auth/types";
import { guardedRoute, type GuardedHandler } from "./guarded-route";

// Platform-admin route handlers; a non-admin gets the same 404 as for a route that does not exist.
export function withAdmin<P = Record<string, string | string[]>>(handler: GuardedHandler<AdminContext, P>) {
  return guardedRoute(() => authorizeAdmin(), handler);
}
