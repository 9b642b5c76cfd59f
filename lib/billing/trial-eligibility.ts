import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";

// One free trial per tenant, ever. Stripe's list of the customer's subscriptions (every status) is the authority
// right after a trial starts; our rows also remember trials of a customer the tenant no longer uses.

export const TRIAL_USED_MESSAGE = "Your organisation has already had a free trial. Subscribe to continue.";

/** True when the tenant has had a trial: a subscription of its customer in Stripe or a row of ours with a trial. */
export async function hasHadTrial(tenantId: string, stripeSubs: readonly Stripe.Subscription[] = []): Promise<boolean> {
  if (stripeSubs.some((s) => s.trial_start !== null || s.trial_end !== null)) return true;
  const row = await getDb().subscription.findFirst({ where: { tenantId, trialEnd: { not: null } }, select: { id: true } });
  return row !== null;
}

/** What the checkout pages offer: the plan's trial if the tenant has not had one, and the day it would end. */
export async function getTrialOffer(
  tenantId: string,
  plan: { trialDays: number },
  now: Date = new Date(),
): Promise<{ available: boolean; endsOn: Date }> {
  const endsOn = new Date(now.getTime() + plan.trialDays * 86_400_000);
  return { available: plan.trialDays > 0 && !(await hasHadTrial(tenantId)), endsOn };
}
