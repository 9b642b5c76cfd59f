import "server-only";
import type Stripe from "stripe";
import { getDb, type Db } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
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
export async function seedPlans(deps: { stripe?: Stripe; db?: Db } = {}): Promise<SeededPlan[]> {
  const stripe = deps.stripe ?? getStripe();
  const db = deps.db ?? getDb();
  const log = getLogger().child({ task: "seedPlans" });
  const plans = catalogPlans();

  const productsByTier = new Map<string, Stripe.Product>();
  for await (const product of stripe.products.list({ active: true, limit: 100 })) {
    const tier = product.metadata?.[TIER_METADATA];
    if (tier && !productsByTier.has(tier)) productsByTier.set(tier, product);
  }
  const createdTiers = new Set<string>();
  for (const tier of CATALOG_TIERS) {
    if (productsByTier.has(tier.tier)) continue;
    const product = await stripe.products.create(
      { name: tier.name, description: tier.description, metadata: { [TIER_METADATA]: tier.tier } },
      { idempotencyKey: `seed:product:${tier.tier}:v1` },
    );
    productsByTier.set(tier.tier, product);
    createdTiers.add(tier.tier);
  }

  const pricesByKey = new Map<string, Stripe.Price>();
  // Stripe accepts at most 10 lookup keys per list call.
  for (let i = 0; i < plans.length; i += 10) {
    const keys = plans.slice(i, i + 10).map((p) => p.key);
    for await (const price of stripe.prices.list({ lookup_keys: keys, active: true, limit: 100 })) {
      if (price.lookup_key && keys.includes(price.lookup_key)) pricesByKey.set(price.lookup_key, price);
    }
  }

  const seeded: SeededPlan[] = [];
  for (const plan of plans) {
    const product = productsByTier.get(plan.tier);
    if (!product) throw new Error(`seedPlans: no product for tier ${plan.tier}`);
    let price = pricesByKey.get(plan.key);
    let createdPrice = false;
    if (!price || !priceMatches(price, plan, product.id)) {
      price = await stripe.prices.create(
        {
          product: product.id,
          unit_amount: plan.amount,
          currency: plan.currency,
          recurring: { interval: plan.interval, interval_count: 1 },
          lookup_key: plan.key,
          // A changed amount cannot be edited on a Stripe price: the new price takes the key over.
          transfer_lookup_key: true,
          nickname: `${plan.name} (${plan.interval}ly)`,
          metadata: { plan: plan.key },
        },
        { idempotencyKey: `seed:price:${plan.key}:${plan.amount}:${plan.currency}:${plan.interval}:v1` },
      );
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
