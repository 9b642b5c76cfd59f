// The business rule for plan changes: an upgrade is charged now, a downgrade is credited on the next invoice.
// Behaviours come from configuration (PRORATION_UPGRADE / PRORATION_DOWNGRADE) so finance can change them.
// Whatever the behaviour, Stripe resets the billing cycle of a monthly↔yearly switch and invoices it at once.

export type ProrationBehavior = "always_invoice" | "create_prorations" | "none";

export interface PlanForRule {
  tierRank: number;
  amount: number;
  interval: "month" | "year";
}

export type ChangeDirection = "upgrade" | "downgrade";

/** What the tenant is told the change is: judged by price per unit of time, never by the sticker amount. */
export type ChangeKind = "upgrade" | "downgrade" | "switch_to_yearly" | "switch_to_monthly" | "add_seats" | "remove_seats";

/** Price per month in minor units, so a yearly plan compares fairly with a monthly one. */
function monthlyAmount(plan: PlanForRule): number {
  return plan.interval === "year" ? plan.amount / 12 : plan.amount;
}

/**
 * The dearer price per month is the upgrade; equal prices per month fall back to the tier rank. Monthly →
 * yearly of the same tier is cheaper per month, so its proration follows the downgrade rule (it is invoiced at
 * once anyway, because the billing cycle resets). A same-price switch counts as an upgrade: charged now, zero.
 */
export function changeDirection(from: PlanForRule, to: PlanForRule): ChangeDirection {
  const a = monthlyAmount(from);
  const b = monthlyAmount(to);
  if (a !== b) return b > a ? "upgrade" : "downgrade";
  return to.tierRank >= from.tierRank ? "upgrade" : "downgrade";
}

/** Same tier, other interval: a billing switch, not an upgrade or a downgrade. */
export function changeKind(from: PlanForRule, to: PlanForRule): ChangeKind {
  if (from.tierRank === to.tierRank && from.interval !== to.interval) {
    return to.interval === "year" ? "switch_to_yearly" : "switch_to_monthly";
  }
  return changeDirection(from, to);
}

export function changeTitle(kind: ChangeKind): string {
  switch (kind) {
    case "switch_to_yearly":
      return "Switch to yearly billing";
    case "switch_to_monthly":
      return "Switch to monthly billing";
    case "upgrade":
      return "Upgrade";
    case "downgrade":
      return "Downgrade";
    case "add_seats":
      return "Add seats";
    case "remove_seats":
      return "Remove seats";
  }
}

/** A plan at a number of seats, as the rules compare it: what the whole subscription costs. */
export function atSeats<P extends PlanForRule>(plan: P, seats: number): P {
  return { ...plan, amount: plan.amount * seats };
}

/** The same plan at another seat count: more seats follow the upgrade rule (charged now), fewer the downgrade rule. */
export function seatChangeKind(fromSeats: number, toSeats: number): ChangeKind {
  return toSeats > fromSeats ? "add_seats" : "remove_seats";
}

/** A monthly↔yearly switch: Stripe starts a new period at once and invoices it with the prorations. */
export function resetsBillingCycle(from: PlanForRule, to: PlanForRule): boolean {
  return from.interval !== to.interval;
}

export function prorationBehaviorFor(
  from: PlanForRule,
  to: PlanForRule,
  config: { PRORATION_UPGRADE: ProrationBehavior; PRORATION_DOWNGRADE: ProrationBehavior },
): { direction: ChangeDirection; behavior: ProrationBehavior } {
  const direction = changeDirection(from, to);
  return { direction, behavior: direction === "upgrade" ? config.PRORATION_UPGRADE : config.PRORATION_DOWNGRADE };
}

/**
 * The proration parameters of an update or preview. Stripe refuses a proration_date when nothing is prorated
 * (proration_behavior none), so it is sent only with a behaviour that uses it.
 */
export function prorationParams(
  behavior: ProrationBehavior,
  prorationDate: number,
): { proration_behavior: ProrationBehavior; proration_date?: number } {
  return behavior === "none" ? { proration_behavior: "none" } : { proration_behavior: behavior, proration_date: prorationDate };
}
