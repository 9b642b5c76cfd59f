// The plan catalog as code: the one source the seed writes into the database and into Stripe.
// Prices are integer minor units. A plan key doubles as the Stripe price `lookup_key`.

export type PlanInterval = "month" | "year";

export interface CatalogTier {
  tier: string;
  name: string;
  description: string;
  tierRank: number;
  features: readonly string[];
  prices: Readonly<Record<PlanInterval, number>>;
  /** Days of free trial a tenant's first subscription to this tier may start with (0: none). */
  trialDays: number;
  /** Priced per seat: `prices` is one seat's price and the subscription's quantity is the paid seats. */
  perSeat: boolean;
}

export interface CatalogPlan {
  key: string;
  tier: string;
  name: string;
  description: string;
  amount: number;
  currency: string;
  interval: PlanInterval;
  tierRank: number;
  features: readonly string[];
  trialDays: number;
  perSeat: boolean;
  sort: number;
}

const CURRENCY = "usd";

export const CATALOG_TIERS: readonly CatalogTier[] = [
  {
    tier: "starter",
    name: "Starter",
    description: "For a small team getting its assets in order.",
    tierRank: 1,
    features: ["Up to 3 seats", "500 tracked assets", "Email support"],
    prices: { month: 1900, year: 19000 },
    trialDays: 14,
    perSeat: false,
  },
  {
    tier: "pro",
    name: "Pro",
    description: "For growing teams that need audit trails and integrations.",
    tierRank: 2,
    features: ["Up to 15 seats", "10,000 tracked assets", "Audit log", "API access", "Priority email support"],
    prices: { month: 4900, year: 49000 },
    trialDays: 14,
    perSeat: false,
  },
  {
    tier: "scale",
    name: "Scale",
    description: "For organisations with many sites and strict controls.",
    tierRank: 3,
    features: [
      "Unlimited seats",
      "Unlimited tracked assets",
      "Audit log and exports",
      "SSO",
      "Dedicated support",
    ],
    prices: { month: 14900, year: 149000 },
    // Sold with a conversation, not a trial.
    trialDays: 0,
    perSeat: false,
  },
  {
    tier: "team",
    name: "Team",
    description: "Pay for the people who use it: one price per seat.",
    tierRank: 4,
    features: ["Priced per seat", "10,000 tracked assets", "Audit log", "Add or remove seats at any time"],
    prices: { month: 1200, year: 12000 },
    // A per-seat trial would need its own seat rules at its end; not offered.
    trialDays: 0,
    perSeat: true,
  },
];

export const INTERVALS: readonly PlanInterval[] = ["month", "year"];

export function planKey(tier: string, interval: PlanInterval): string {
  return `${tier}-${interval}`;
}

/** Every plan of the catalog, one per tier and interval, in display order. */
export function catalogPlans(): CatalogPlan[] {
  return CATALOG_TIERS.flatMap((tier, tierIndex) =>
    INTERVALS.map((interval, intervalIndex) => ({
      key: planKey(tier.tier, interval),
      tier: tier.tier,
      name: tier.name,
      description: tier.description,
      amount: tier.prices[interval],
      currency: CURRENCY,
      interval,
      tierRank: tier.tierRank,
      features: tier.features,
      trialDays: tier.trialDays,
      perSeat: tier.perSeat,
      sort: tierIndex * 10 + intervalIndex,
    })),
  );
}

/** The plan's free-trial length from the catalog (0 for a key the catalog no longer has). */
export function trialDaysOf(planKey: string): number {
  return catalogPlans().find((plan) => plan.key === planKey)?.trialDays ?? 0;
}

/** The plan is priced per seat (false for a key the catalog no longer has). */
export function isPerSeatPlan(planKey: string): boolean {
  return catalogPlans().find((plan) => plan.key === planKey)?.perSeat ?? false;
}

/** Plan keys are lowercase words joined by dashes; anything else is refused before a lookup. */
export const PLAN_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
