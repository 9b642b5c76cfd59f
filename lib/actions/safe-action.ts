import "server-only";
import type { z } from "zod";
import { requireVerifiedEmail } from "@/lib/accounts/email-verification";
import { authorizeAdmin, authorizeTenant, authorizeUser } from "@/lib/auth/authorize";
import type { RoleList } from "@/lib/auth/roles";
import type { AdminContext, TenantContext, UserContext } from "@/lib/auth/types";
import { consumeBillingAllowance, type BillingOperation } from "@/lib/billing/billing-rate-limit";
import { defineAction } from "./define-action";

// Guarded server-action factories. Use in a "use server" file:
//   export const cancelSubscription = tenantAction(["owner", "billing"], schema, async (input, { tenant }) => …);
// The tenant always comes from the session, re-checked in the database; never from the input.

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

export function tenantAction<S extends z.ZodType, R>(
  roles: RoleList,
  schema: S,
  run: (input: z.output<S>, context: TenantContext) => Promise<R>,
) {
  return defineAction((raw) => authorizeTenant(roles, raw), schema, run, run.name || undefined);
}

/**
 * A tenantAction for money: the user's email address must be confirmed (forbidden with a message saying how,
 * otherwise), then it spends the tenant's and the user's billing allowance (lib/billing/billing-rate-limit.ts)
 * before any Stripe call: over the limit it answers rate_limited with a clear message.
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
      await requireVerifiedEmail(context.user.id);
      await consumeBillingAllowance(operation, { tenantId: context.tenant.id, userId: context.user.id });
      return context;
    },
    schema,
    run,
    run.name || undefined,
  );
}


export function adminAction<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.output<S>, context: AdminContext) => Promise<R>,
) {
  return defineAction(() => authorizeAdmin(), schema, run, run.name || undefined);
}

export type { ActionResult, ActionError } from "./action-result";
