import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import type Stripe from "stripe";
import { getStripe } from "@/lib/stripe/client";

/**
 * An emulator on a free port with the app's one Stripe client pointed at it, for integration tests. Call it before
 * the file's first getEnv()/getStripe() (both read the environment once); `env` is set first (e.g. STRIPE_TAX_ENABLED).
 */
export async function startLocalStripeForTests(env: Record<string, string> = {}): Promise<{ emulator: StripeLocal; stripe: Stripe }> {
  Object.assign(process.env, env);
  const emulator = await startStripeLocal({ port: 0 });
  process.env.STRIPE_API_URL = emulator.url;
  // A client made by an earlier file of the same worker would still talk to that file's (stopped) emulator.
  (globalThis as { assetAnchorStripe?: unknown }).assetAnchorStripe = undefined;
  return { emulator, stripe: getStripe() };
}
