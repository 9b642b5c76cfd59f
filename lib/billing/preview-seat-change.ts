import "server-only";
import { AppError } from "@/lib/errors";
import { getCurrentSubscriptionRow } from "./get-billing-overview";
import { previewPlanChange, type PlanChangePreview } from "./preview-plan-change";
import { assertSeatsCoverTeam } from "@/lib/team/seats";
import { isPerSeatPlan } from "@/lib/plans/catalog";
import type { BillingTenant } from "./ensure-stripe-customer";

/** The most seats one change may ask for: a typo ("1000" for "10") should not reach Stripe as a charge. */
export const MAX_SEATS = 500;

/**
 * Prices a change of the paid seats on the tenant's per-seat plan: the plan-change preview at the same price and
 * another quantity, so it is quoted, prorated and confirmed (changePlan) exactly like a plan change.
 */
export async function previewSeatChange(tenant: BillingTenant, seats: number, opts: { now?: Date } = {}): Promise<PlanChangePreview> {
  const row = await getCurrentSubscriptionRow(tenant.id);
  if (!row?.plan || !isPerSeatPlan(row.plan.key)) throw new AppError("conflict", "Your plan is not priced per seat.");
  await assertSeatsCoverTeam(tenant.id, seats);
  return previewPlanChange(tenant, row.plan.key, { ...opts, seats });
}
