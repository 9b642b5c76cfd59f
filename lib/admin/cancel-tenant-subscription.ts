import "server-only";
import { z } from "zod";
import type { AdminContext } from "@/lib/auth/types";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";

export const cancelTenantSubscriptionSchema = z.object({
  tenantId: z.string().min(1).max(100),
  mode: z.enum(["now", "period_end"]),
  reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(500),
  requestId: z.string().min(8).max(100),
});
export type CancelTenantSubscriptionInput = z.output<typeof cancelTenantSubscriptionSchema>;

/** The tenant's own cancel use case, started by an admin; the row changes when Stripe's event arrives. */
export async function cancelTenantSubscription(input: CancelTenantSubscriptionInput, { user }: AdminContext) {
  const tenant = await getDb().tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, name: true, slug: true } });
  if (!tenant) throw new AppError("not_found");
  const before = await getDb().subscription.findFirst({
    where: { tenantId: tenant.id },
    orderBy: { createdAt: "desc" },
    select: { stripeSubscriptionId: true, status: true, cancelAtPeriodEnd: true },
  });
  const result = await cancelSubscription(tenant, { mode: input.mode, requestId: `admin:${input.requestId}` });
  await recordAudit(getDb(), {
    tenantId: tenant.id,
    actor: `admin:${user.id}`,
    action: input.mode === "now" ? "admin.subscription_cancel_now" : "admin.subscription_cancel_at_period_end",
    before: before ?? null,
    after: { stripeSubscriptionId: result.subscriptionId, mode: input.mode },
    reason: input.reason,
  });
  return result;
}
