import "server-only";
import { consumeAllowance } from "@/lib/auth/login-rate-limit";
import { AppError } from "@/lib/errors";

// Every billing action costs Stripe requests, and all tenants share one Stripe rate limit (#12.8): a script
// in one account must not create thousands of SetupIntents or starve the others. Limits per minute, counted in
// PostgreSQL like the login limit so they hold across instances; generous for a person, tight for a script.
const BILLING_WINDOW_MS = 60 * 1000;

export type BillingOperation = "checkout" | "setup_intent" | "payment_method" | "preview" | "plan_change" | "cancel" | "resume" | "portal" | "billing_details";

/** Per tenant, per operation, per minute. Previews run on each plan the user looks at, so they get more. */
export const BILLING_OPERATION_LIMITS: Record<BillingOperation, number> = {
  checkout: 10,
  setup_intent: 10,
  payment_method: 10,
  preview: 40,
  plan_change: 10,
  cancel: 10,
  resume: 10,
  portal: 10,
  billing_details: 10,
};
/** Per tenant and per user, all billing operations together, per minute. */
const BILLING_TENANT_LIMIT = 60;
export const BILLING_USER_LIMIT = 60;

export const BILLING_RATE_LIMITED_MESSAGE = "Too many billing requests in a short time. Wait a minute and try again.";

/** Takes one billing request from the tenant's and the user's allowance, or refuses with rate_limited (429). */
export async function consumeBillingAllowance(operation: BillingOperation, who: { tenantId: string; userId: string }): Promise<void> {
  const { allowed } = await consumeAllowance(
    [
      { key: `billing:tenant:${who.tenantId}:${operation}`, limit: BILLING_OPERATION_LIMITS[operation] },
      { key: `billing:tenant:${who.tenantId}`, limit: BILLING_TENANT_LIMIT },
      { key: `billing:user:${who.userId}`, limit: BILLING_USER_LIMIT },
    ],
    BILLING_WINDOW_MS,
  );
  if (!allowed) throw new AppError("rate_limited", BILLING_RATE_LIMITED_MESSAGE);
}
