import "server-only";
import type Stripe from "stripe";
import { getDb, type Db } from "@/lib/db/client";
import { createPlanPrice, createTierProduct, listActivePricesByLookupKey, listActiveProducts } from "@/lib/stripe/products";
import { getLogger } from "@/lib/log";
import { catalogPlans, CATALOG_TIERS, type CatalogPlan } from "./catalog";

export interface SeededPlan {
  key: string;
  stripeProductId: string;
  stripePriceId: string;
  createdProduct: boolean;
  createdPrice: boolean;
}

// Products have no lookup key, so the tier lives in product metadata and is found by listing.
const TIER_METADATA = "asset_anchor_tier";

/**
 * Writes the catalog into Stripe (products by tier, prices by lookup_key = plan key) and into the
 * Plan table. Safe to run any number of times, against the emulator or a real test account: existing
 * objects are reused, creations carry idempotency keys derived from the plan, and a changed amount
 * makes a new price that takes over the lookup key.
 */
export async function seedPlans(deps: { db?: Db } = {}): Promise<SeededPlan[]> {
  const db = deps.db ?? getDb();
  const log = getLogger().child({ task: "seedPlans" });
  const plans = catalogPlans();

  const productsByTier = new Map<string, Stripe.Product>();
  for (const product of await listActiveProducts()) {
    const tier = product.metadata?.[TIER_METADATA];
    if (tier && !productsByTier.has(tier)) productsByTier.set(tier, product);
  }
  const createdTiers = new Set<string>();
  for (const tier of CATALOG_TIERS) {
    if (productsByTier.has(tier.tier)) continue;
    const product = await createTierProduct(tier, TIER_METADATA);
    productsByTier.set(tier.tier, product);
    createdTiers.add(tier.tier);
  }

  const pricesByKey = await listActivePricesByLookupKey(plans.map((p) => p.key));

  const seeded: SeededPlan[] = [];
  for (const plan of plans) {
    const product = productsByTier.get(plan.tier);
    if (!product) throw new Error(`seedPlans: no product for tier ${plan.tier}`);
    let price = pricesByKey.get(plan.key);
    let createdPrice = false;
    if (!price || !priceMatches(price, plan, product.id)) {
      price = await createPlanPrice(plan, product.id);
      createdPrice = true;
    }
    const data = {
      name: plan.name,
      description: plan.description,
      stripeProductId: product.id,
      stripePriceId: price.id,
      amount: plan.amount,
      currency: plan.currency,
      interval: plan.interval,
      tierRank: plan.tierRank,
      features: [...plan.features],
      active: true,
      sort: plan.sort,
    };
    await db.plan.upsert({ where: { key: plan.key }, create: { key: plan.key, ...data }, update: data });
    seeded.push({
      key: plan.key,
      stripeProductId: product.id,
      stripePriceId: price.id,
      createdProduct: createdTiers.has(plan.tier),
      createdPrice,
    });
  }

  // Plans dropped from the catalog stay in the table (subscriptions may point at them) but leave the pricing page.
  await db.plan.updateMany({ where: { key: { notIn: plans.map((p) => p.key) } }, data: { active: false } });
  log.info(
    { plans: seeded.length, createdPrices: seeded.filter((s) => s.createdPrice).length, createdProducts: createdTiers.size },
    "plans seeded",
  );
  return seeded;
}

function priceMatches(price: Stripe.Price, plan: CatalogPlan, productId: string): boolean {
  const product = typeof price.product === "string" ? price.product : price.product.id;
  return (
    price.unit_amount === plan.amount &&
    price.currency === plan.currency &&
    price.recurring?.interval === plan.interval &&
    (price.recurring?.interval_count ?? 1) === 1 &&
    product === productId
  );
}
