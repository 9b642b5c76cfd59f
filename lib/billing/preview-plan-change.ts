import "server-only";
import { getEnv } from "@/lib/env";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { getActivePlanOrThrow, getPlanByPriceId } from "@/lib/plans/get-plan";
import { firstItem, requireHeldSubscription } from "./customer-subscriptions";
import { QUOTE_TTL_SECONDS, signQuote } from "./plan-change-quote";
import { prorationBehaviorFor, type ChangeDirection, type ProrationBehavior } from "./proration-rule";
import { stripeCall } from "./stripe-errors";
import type { BillingTenant } from "./ensure-stripe-customer";

export interface PlanChangePreview {
  quote: string;
  direction: ChangeDirection;
  prorationBehavior: ProrationBehavior;
  fromPlan: { key: string; name: string; amount: number; interval: "month" | "year" };
  toPlan: { key: string; name: string; amount: number; interval: "month" | "year" };
  currency: string;
  /** What the preview invoice would ask for: charged now with always_invoice, at renewal otherwise. */
  amountDue: number;
  /** Sum of the proration lines: positive = extra charge, negative = credit for unused time. */
  prorationAmount: number;
  /** Charged immediately on confirmation (always_invoice only). */
  chargedNow: number;
  prorationDate: number;
  expiresAt: number;
}

/**
 * Asks Stripe what the change would cost with a fixed proration_date and signs the answer into a quote;
 * changePlan replays the change with that same date, so the invoice matches the preview to the cent.
 */
export async function previewPlanChange(
  tenant: BillingTenant,
  newPlanKey: string,
  opts: { now?: Date } = {},
): Promise<PlanChangePreview> {
  const env = getEnv();
  const toPlan = await getActivePlanOrThrow(newPlanKey);
  const { customerId, sub } = await requireHeldSubscription(tenant.id);
  const item = firstItem(sub);
  if (item.price.id === toPlan.stripePriceId) throw new AppError("conflict", `You are already on ${toPlan.name}.`);
  const fromPlan = await getPlanByPriceId(item.price.id);
  if (!fromPlan) throw new AppError("conflict", "Your current plan is no longer offered; contact support to change it.");

  const { direction, behavior } = prorationBehaviorFor(fromPlan, toPlan, env);
  const prorationDate = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const preview = await stripeCall(() =>
    getStripe().invoices.createPreview({
      customer: customerId,
      subscription: sub.id,
      subscription_details: {
        items: [{ id: item.id, price: toPlan.stripePriceId }],
        proration_behavior: behavior,
        proration_date: prorationDate,
      },
    }),
  );
  const prorationAmount = preview.lines.data
    .filter((line) => line.parent?.subscription_item_details?.proration === true)
    .reduce((sum, line) => sum + line.amount, 0);
  const amountDue = preview.amount_due;
  const expiresAt = prorationDate + QUOTE_TTL_SECONDS;
  const quote = signQuote(
    {
      v: 1,
      tenantId: tenant.id,
      subscriptionId: sub.id,
      subscriptionItemId: item.id,
      fromPrice: item.price.id,
      toPrice: toPlan.stripePriceId,
      toPlanKey: toPlan.key,
      prorationBehavior: behavior,
      prorationDate,
      amountDue,
      currency: preview.currency,
      expiresAt,
    },
    quoteSecret(),
  );
  const brief = (p: typeof fromPlan) => ({ key: p.key, name: p.name, amount: p.amount, interval: p.interval });
  return {
    quote,
    direction,
    prorationBehavior: behavior,
    fromPlan: brief(fromPlan),
    toPlan: brief(toPlan),
    currency: preview.currency,
    amountDue,
    prorationAmount,
    chargedNow: behavior === "always_invoice" ? amountDue : 0,
    prorationDate,
    expiresAt,
  };
}

export function quoteSecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new AppError("internal", "NEXTAUTH_SECRET is not configured.");
  return secret;
}
