import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

// The catalog's products and prices, for `stripe:seed`. Products have no lookup key, so the tier lives in product
// metadata and is found by listing; prices are found by lookup_key (= plan key).

export async function listActiveProducts(): Promise<Stripe.Product[]> {
  const products: Stripe.Product[] = [];
  for await (const product of getStripe().products.list({ active: true, limit: 100 })) products.push(product);
  return products;
}

/** Keyed by tier: seeding twice makes one product. */
export function createTierProduct(tier: { tier: string; name: string; description: string }, metadataKey: string): Promise<Stripe.Product> {
  return getStripe().products.create(
    { name: tier.name, description: tier.description, metadata: { [metadataKey]: tier.tier } },
    { idempotencyKey: `seed:product:${tier.tier}:v1` },
  );
}

/** Active prices by lookup key (Stripe accepts at most 10 keys per call, so this asks in batches). */
export async function listActivePricesByLookupKey(keys: readonly string[]): Promise<Map<string, Stripe.Price>> {
  const prices = new Map<string, Stripe.Price>();
  for (let i = 0; i < keys.length; i += 10) {
    const batch = keys.slice(i, i + 10);
    for await (const price of getStripe().prices.list({ lookup_keys: batch, active: true, limit: 100 })) {
      if (price.lookup_key && batch.includes(price.lookup_key)) prices.set(price.lookup_key, price);
    }
  }
  return prices;
}

/**
 * A plan's recurring price, taking over its lookup key (a changed amount cannot be edited on a Stripe price).
 * Keyed by everything that defines the price, so the same plan seeded twice is one price.
 */
export function createPlanPrice(
  plan: { key: string; name: string; amount: number; currency: string; interval: "month" | "year" },
  productId: string,
): Promise<Stripe.Price> {
  return getStripe().prices.create(
    {
      product: productId,
      unit_amount: plan.amount,
      currency: plan.currency,
      recurring: { interval: plan.interval, interval_count: 1 },
      lookup_key: plan.key,
      transfer_lookup_key: true,
      nickname: `${plan.name} (${plan.interval}ly)`,
      metadata: { plan: plan.key },
    },
    { idempotencyKey: `seed:price:${plan.key}:${plan.amount}:${plan.currency}:${plan.interval}:v1` },
  );
}
