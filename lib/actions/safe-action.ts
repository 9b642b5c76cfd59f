import "server-only";
import type { z } from "zod";
import { loadTenantContext, loadUser } from "@/lib/auth/context";
import { TENANT_ROLES, type TenantRole } from "@/lib/auth/roles";
import { getSessionIdentity } from "@/lib/auth/session";
import type { AdminContext, TenantContext, UserContext } from "@/lib/auth/types";
import { consumeBillingAllowance, type BillingOperation } from "@/lib/billing/billing-rate-limit";
import { AppError } from "@/lib/errors";
import { defineAction } from "./define-action";

// Guarded server-action factories. Use in a "use server" file:
//   export const cancelSubscription = tenantAction(["owner", "billing"], schema, async (input, { tenant }) => …);
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

/** For guests (sign-up): no session needed, but the same parsing and error shape. */
export function publicAction<S extends z.ZodType, R>(schema: S, run: (input: z.output<S>) => Promise<R>) {
  return defineAction(async () => null, schema, (input) => run(input), run.name || undefined);
}

export function userAction<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.output<S>, context: UserContext) => Promise<R>,
) {
  return defineAction(() => authorizeUser(), schema, run, run.name || undefined);
}

/** At least one role: an empty list is a type error rather than "anyone" (pass TENANT_ROLES for that). */
export type RoleList = readonly [TenantRole, ...TenantRole[]];

export function tenantAction<S extends z.ZodType, R>(
  roles: RoleList,
  schema: S,
  run: (input: z.output<S>, context: TenantContext) => Promise<R>,
) {
  return defineAction((raw) => authorizeTenant(roles, raw), schema, run, run.name || undefined);
}

/**
 * A tenantAction that also spends the tenant's and the user's billing allowance (lib/billing/billing-rate-limit.ts)
 * once authorised, before any Stripe call: over the limit it answers rate_limited with a clear message.
 */
export function billingAction<S extends z.ZodType, R>(
  operation: BillingOperation,
  roles: RoleList,
  schema: S,
  run: (input: z.output<S>, context: TenantContext) => Promise<R>,
) {
  return defineAction(
    async (raw) => {
      const context = await authorizeTenant(roles, raw);
      await consumeBillingAllowance(operation, { tenantId: context.tenant.id, userId: context.user.id });
      return context;
    },
    schema,
    run,
    run.name || undefined,
  );
}

export { TENANT_ROLES };

export function adminAction<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.output<S>, context: AdminContext) => Promise<R>,
) {
  return defineAction(() => authorizeAdmin(), schema, run, run.name || undefined);
}

export type { ActionResult, ActionError } from "./action-result";
