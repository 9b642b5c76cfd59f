// npm run webhooks:replay -- <event id> [<event id> …] — re-runs failed Stripe events through the same dispatcher
// the webhook route uses (exactly-once still holds: a processed event is answered as a duplicate).
// Run with the react-server condition so `server-only` imports load.
import { existsSync } from "node:fs";
import { databaseUrlFromEnvOrEmbedded } from "@asset-anchor/local-stack/embedded-postgres";
import { fillLocalRunEnv } from "@asset-anchor/local-stack/local-run-env";

if (existsSync(".env")) process.loadEnvFile(".env");

const ids = process.argv.slice(2).filter((arg) => arg !== "--");
if (ids.length === 0 || ids.some((id) => !/^evt_\w+$/.test(id))) {
  console.error("Usage: npm run webhooks:replay -- <evt_…> [<evt_…> …]");
  process.exit(2);
}

fillLocalRunEnv();
const connection = await databaseUrlFromEnvOrEmbedded({ log: (message) => console.error(`webhooks:replay: ${message}`) });
process.env.DATABASE_URL = connection.databaseUrl;

const { replayEvent } = await import("@/lib/webhooks/replay-event");
const { getDb } = await import("@/lib/db/client");

let failures = 0;
try {
  for (const id of ids) {
    try {
      const result = await replayEvent(id);
      console.log(`${id}: ${result.outcome} (from ${result.source})${result.error ? ` — ${result.error}` : ""}`);
      if (result.outcome === "failed") failures += 1;
    } catch (error) {
      failures += 1;
      console.error(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  await getDb().$disconnect();
  await connection.stop();
}
process.exit(failures > 0 ? 1 : 0);
