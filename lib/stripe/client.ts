import "server-only";
import Stripe from "stripe";
import { getEnv } from "@/lib/env";
import { STRIPE_API_VERSION } from "./api-version";

const globalForStripe = globalThis as unknown as { assetAnchorStripe?: Stripe };

// Local emulator or real Stripe is configuration (STRIPE_API_URL), never a code branch.
function createStripe(): Stripe {
  const env = getEnv();
  const target = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : undefined;
  return new Stripe(env.STRIPE_SECRET_KEY ?? "", {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: "Asset Anchor Billing", version: "0.1.0" },
    telemetry: false,
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(target && {
      host: target.hostname,
      port: target.port || (target.protocol === "https:" ? 443 : 80),
      protocol: target.protocol === "https:" ? "https" : "http",
    }),
  });
}

/** The one Stripe SDK client of this process. Only lib/stripe and lib/<domain> use it. */
export function getStripe(): Stripe {
  globalForStripe.assetAnchorStripe ??= createStripe();
  return globalForStripe.assetAnchorStripe;
}

export { Stripe };
