// npm run billing:close-abandoned [-- --older-than-minutes=60] — closes unpaid checkout attempts left in Stripe:
// incomplete subscriptions older than the cut-off are cancelled and their open first invoice voided; tenants that
// already hold a live subscription have every other attempt closed (and a duplicate live one cancelled and
// refunded). Safe to run repeatedly (cron, or after a deploy): every Stripe write carries an idempotency key.
import { existsSync } from "node:fs";
import { fillLocalRunEnv } from "@asset-anchor/local-stack/local-run-env";

if (existsSync(".env")) process.loadEnvFile(".env");
fillLocalRunEnv();

async function main(): Promise<number> {
  const minutesArg = process.argv.find((a) => a.startsWith("--older-than-minutes="))?.split("=")[1];
  const minutes = minutesArg === undefined ? 60 : Number(minutesArg);
  if (!Number.isFinite(minutes) || minutes < 0) {
    console.error("--older-than-minutes must be a number of minutes (0 or more)");
    return 2;
  }
  const { databaseUrlFromEnvOrEmbedded } = await import("@asset-anchor/local-stack/embedded-postgres");
  const connection = await databaseUrlFromEnvOrEmbedded();
  process.env.DATABASE_URL = connection.databaseUrl;
  const { closeAbandonedCheckouts } = await import("@/lib/billing/close-abandoned-checkouts");
  const { getDb } = await import("@/lib/db/client");
  try {
    const closed = await closeAbandonedCheckouts({ olderThanSeconds: Math.round(minutes * 60) });
    for (const id of closed.canceledSubscriptions) console.log(`cancelled incomplete subscription ${id}`);
    for (const id of closed.voidedInvoices) console.log(`voided invoice ${id}`);
    for (const id of closed.expiredSessions) console.log(`expired Checkout Session ${id}`);
    console.log(
      `checked ${closed.tenants} tenants: ${closed.canceledSubscriptions.length} subscriptions cancelled, ${closed.voidedInvoices.length} invoices voided, ${closed.expiredSessions.length} sessions expired`,
    );
    return 0;
  } catch (error) {
    console.error(`billing:close-abandoned failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await getDb().$disconnect();
    await connection.stop();
  }
}

main().then((code) => process.exit(code));
