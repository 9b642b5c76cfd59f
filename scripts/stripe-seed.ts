// npm run stripe:seed — writes the plan catalog into Stripe (emulator or a real test account) and the database.
// Idempotent: run it as often as you like. Run with the react-server condition so `server-only` imports load.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");

const { seedPlans } = await import("@/lib/plans/seed-plans");
const { getDb } = await import("@/lib/db/client");
const { seedPortalConfiguration } = await import("@/lib/plans/portal-configuration");
const { seedLaunchPromotion } = await import("@/lib/plans/seed-promotions");

try {
  const seeded = await seedPlans();
  for (const plan of seeded) {
    const note = plan.createdPrice ? "created" : "reused";
    console.log(`${plan.key.padEnd(14)} ${plan.stripePriceId} (${note})`);
  }
  const portal = await seedPortalConfiguration(seeded);
  console.log(`portal config  ${portal.id} (${portal.created ? "created" : "updated"})`);
  const launch = await seedLaunchPromotion();
  console.log(`${launch.code.padEnd(14)} ${launch.promotionCodeId} (${launch.created ? "created" : "reused"})`);
} finally {
  await getDb().$disconnect();
}
