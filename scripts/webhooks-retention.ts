// npm run webhooks:retention [-- --days=N] — drops the redacted payloads of settled webhook events older than
// WEBHOOK_PAYLOAD_RETENTION_DAYS (default 90) and keeps the ledger rows exactly-once needs. Running servers do
// the same every 6 hours; this is for a cron job or a one-off. Run with the react-server condition.
import { existsSync } from "node:fs";
import { databaseUrlFromEnvOrEmbedded } from "@asset-anchor/local-stack/embedded-postgres";
import { fillLocalRunEnv } from "@asset-anchor/local-stack/local-run-env";

if (existsSync(".env")) process.loadEnvFile(".env");

const daysArg = process.argv.slice(2).find((arg) => arg.startsWith("--days="));
const days = daysArg ? Number(daysArg.slice("--days=".length)) : undefined;
if (days !== undefined && !(Number.isInteger(days) && days >= 1)) {
  console.error("Usage: npm run webhooks:retention [-- --days=<whole days ≥ 1>]");
  process.exit(2);
}

fillLocalRunEnv();
const connection = await databaseUrlFromEnvOrEmbedded({ log: (message) => console.error(`webhooks:retention: ${message}`) });
process.env.DATABASE_URL = connection.databaseUrl;

const { dropExpiredPayloads } = await import("@/lib/webhooks/payload-retention");
const { getDb } = await import("@/lib/db/client");
try {
  const dropped = await dropExpiredPayloads({ days });
  console.log(dropped === null ? "webhooks:retention: another instance is running it; nothing done" : `webhooks:retention: ${dropped} payload(s) dropped`);
} finally {
  await getDb().$disconnect();
  await connection.stop();
}
