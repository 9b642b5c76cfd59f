import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isPerSeatPlan, PLAN_KEY_PATTERN, trialDaysOf } from "./catalog";

export interface PlanView {
  id: string;
  key: string;
  name: string;
  description: string;
  amount: number;
  currency: string;
  interval: "month" | "year";
  tierRank: number;
  features: string[];
  stripePriceId: string | null;
  /** Free-trial days a first subscription may start with; the catalog owns it, not the database. */
  trialDays: number;
  /** Priced per seat (the subscription's quantity is the paid seats); the catalog owns it too. */
  perSeat: boolean;
}

const select = {
  id: true,
  key: true,
  name: true,
  description: true,
  amount: true,
  currency: true,
  interval: true,
  tierRank: true,
  features: true,
  stripePriceId: true,
} as const;

type PlanRow = Omit<PlanView, "trialDays" | "perSeat">;

function withCatalogTerms<T extends PlanRow>(plan: T): T & { trialDays: number; perSeat: boolean } {
  return { ...plan, trialDays: trialDaysOf(plan.key), perSeat: isPerSeatPlan(plan.key) };
}

/** Active plans in display order, for the pricing page. */
export async function listActivePlans(): Promise<PlanView[]> {
  const plans = await getDb().plan.findMany({ where: { active: true }, orderBy: [{ sort: "asc" }, { key: "asc" }], select });
  return plans.map(withCatalogTerms);
}

/** A plan a tenant may subscribe to: active, and seeded into Stripe. */
export async function getActivePlanOrThrow(key: string): Promise<PlanView & { stripePriceId: string }> {
  const plan = PLAN_KEY_PATTERN.test(key)
    ? await getDb().plan.findFirst({ where: { key, active: true }, select })
    : null;
  if (!plan || !plan.stripePriceId) throw new AppError("not_found", `There is no plan called "${key.slice(0, 40)}".`);
  return withCatalogTerms({ ...plan, stripePriceId: plan.stripePriceId });
}

export async function getPlanByPriceId(priceId: string): Promise<PlanView | null> {
  const plan = await getDb().plan.findUnique({ where: { stripePriceId: priceId }, select });
  return plan && withCatalogTerms(plan);
}
