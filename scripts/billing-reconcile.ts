// npm run billing:reconcile [-- --repair] [--json] — the drift check from the command line: compares every
// subscription, invoice and charge with Stripe (paged through the gateway) and, with --repair, writes Stripe's
// state over ours with one audit row per repair. Exit code 0: no drift left; 1: drift found and not repaired.
import { existsSync } from "node:fs";
import { fillLocalRunEnv } from "@asset-anchor/local-stack/local-run-env";

if (existsSync(".env")) process.loadEnvFile(".env");
fillLocalRunEnv();

async function main(): Promise<number> {
  const repair = process.argv.includes("--repair");
  const asJson = process.argv.includes("--json");
  const { databaseUrlFromEnvOrEmbedded } = await import("@asset-anchor/local-stack/embedded-postgres");
  const connection = await databaseUrlFromEnvOrEmbedded();
  process.env.DATABASE_URL = connection.databaseUrl;
  const { reconcile } = await import("@/lib/admin/reconcile");
  const { getDb } = await import("@/lib/db/client");
  try {
    const report = await reconcile({ repair, actor: "system" });
    if (asJson) console.log(JSON.stringify(report, null, 2));
    else {
      for (const drift of report.drifts) {
        const diffs = drift.diffs.map((d) => `${d.field}: ${String(d.ours)} -> ${String(d.stripe)}`).join("; ");
        console.log(`${drift.repaired ? "repaired" : "drift   "} ${drift.kind.padEnd(12)} ${drift.stripeId} ${drift.problem}${diffs ? ` (${diffs})` : ""}`);
      }
      const c = report.checked;
      console.log(
        `checked ${c.subscription} subscriptions, ${c.invoice} invoices, ${c.charge} charges: ${report.drifts.length} differences, ${report.repaired} repaired`,
      );
    }
    const unrepaired = report.drifts.filter((d) => !d.repaired && d.problem !== "missing_in_stripe").length;
    return unrepaired > 0 ? 1 : 0;
  } catch (error) {
    console.error(`billing:reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await getDb().$disconnect();
    await connection.stop();
  }
}

main().then((code) => process.exit(code));
