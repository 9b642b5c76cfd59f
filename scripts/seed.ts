// Seeds the plan catalogue into the database and Stripe, and demo accounts for a local run.
// Run by the orchestrator at every start; idempotent.
import { seedDemoAccounts } from "@/lib/accounts/seed-demo";
import { getEnv } from "@/lib/env";
import { seedPortalConfiguration } from "@/lib/plans/portal-configuration";
import { seedPlans } from "@/lib/plans/seed-plans";
import { seedLaunchPromotion } from "@/lib/plans/seed-promotions";

async function main() {
  const env = getEnv();
  const plans = await seedPlans();
  console.error(`[seed] ${plans.length} plans in the database and Stripe`);
  const portal = await seedPortalConfiguration(plans);
  console.error(`[seed] billing portal configuration ${portal.id}`);
  const launch = await seedLaunchPromotion();
  console.error(`[seed] promotion code ${launch.code} ${launch.promotionCodeId}`);
  const demoPassword = env.DEMO_PASSWORD;
  let demo: { email: string; role: string }[] | null = null;
  if (env.stripeMode === "local" && demoPassword) {
    demo = await seedDemoAccounts({ password: demoPassword });
  }
  if (process.argv.includes("--json")) console.log(JSON.stringify({ demo }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
