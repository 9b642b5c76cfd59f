// The business rule for plan changes: an upgrade is charged now, a downgrade is credited on the next invoice.
// Behaviours come from configuration (PRORATION_UPGRADE / PRORATION_DOWNGRADE) so finance can change them.

export type ProrationBehavior = "always_invoice" | "create_prorations" | "none";

export interface PlanForRule {
  tierRank: number;
  amount: number;
  interval: "month" | "year";
}

export type ChangeDirection = "upgrade" | "downgrade";

/** Price per month in minor units, so a yearly plan compares fairly with a monthly one. */
export function monthlyAmount(plan: PlanForRule): number {
  return plan.interval === "year" ? plan.amount / 12 : plan.amount;
}

/**
 * Higher tier wins; within the same tier the dearer price per month is the upgrade (monthly → yearly of the
 * same tier is cheaper per month, so it counts as a downgrade and is credited, not charged twice).
 * A same-price switch (no rank or amount difference) is treated as an upgrade: charged now, which is zero.
 */
export function changeDirection(from: PlanForRule, to: PlanForRule): ChangeDirection {
  if (to.tierRank !== from.tierRank) return to.tierRank > from.tierRank ? "upgrade" : "downgrade";
  return monthlyAmount(to) >= monthlyAmount(from) ? "upgrade" : "downgrade";
}

export function prorationBehaviorFor(
  from: PlanForRule,
  to: PlanForRule,
  config: { PRORATION_UPGRADE: ProrationBehavior; PRORATION_DOWNGRADE: ProrationBehavior },
): { direction: ChangeDirection; behavior: ProrationBehavior } {
  const direction = changeDirection(from, to);
  return { direction, behavior: direction === "upgrade" ? config.PRORATION_UPGRADE : config.PRORATION_DOWNGRADE };
}
