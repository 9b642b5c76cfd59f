// npm run bench:admin — seeds 50,000 tenants (--tenants=N) with subscriptions, invoices (3 each, or --invoices=N in
// all) and payments into a throwaway embedded PostgreSQL with generate_series, and measures the server time of the
// admin tenants page query path (listTenants: the page and its count) and of the revenue page (getRevenue). Last
// line: `<N> tenants: tenants page p95 <N> ms, revenue p95 <N> ms`. The large run the README names:
// `--tenants=1000000 --invoices=20000000`. BENCH_DATABASE_URL points it at an existing empty database.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { ensureEmbeddedPostgres, type EmbeddedPostgres } from "@asset-anchor/local-stack/embedded-postgres";
import { applyMigrations } from "@asset-anchor/local-stack/migrations";
import { formatMoney } from "@/lib/format/money";

const TENANTS = Number(process.argv.find((a) => a.startsWith("--tenants="))?.slice(10) ?? 50_000);
const INVOICES = Number(process.argv.find((a) => a.startsWith("--invoices="))?.slice(11) ?? TENANTS * 3);
// Invoices per tenant; the last three carry the dunning states as before, the rest are older paid months.
const PER_TENANT = Math.max(3, Math.round(INVOICES / TENANTS));
const ITERATIONS = 40;
const WARMUP = 5;
const PAGE = 50;

async function seed(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  if (process.env.BENCH_VERBOSE) {
    const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<unknown>;
    Object.assign(client, {
      query: async (text: string, values?: unknown[]) => {
        const t0 = performance.now();
        const result = await query(text, values);
        console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${text.trim().split("\n")[0]?.slice(0, 70)}`);
        return result;
      },
    });
  }
  try {
    // Bulk load without the per-row summary triggers, then build the summary in one set-based statement.
    await client.query("SET session_replication_role = replica");
    await client.query(`
      INSERT INTO "Plan" ("id", "key", "name", "amount", "currency", "interval", "tierRank", "features", "updatedAt", "stripePriceId")
      VALUES ('plan_s_m', 'starter-month', 'Starter', 1900, 'usd', 'month', 1, '{}', now(), 'price_bench_s_m'),
             ('plan_p_m', 'pro-month', 'Pro', 4900, 'usd', 'month', 2, '{}', now(), 'price_bench_p_m'),
             ('plan_p_y', 'pro-year', 'Pro', 49000, 'usd', 'year', 2, '{}', now(), 'price_bench_p_y')`);
    await client.query(
      `INSERT INTO "Tenant" ("id", "name", "slug", "stripeCustomerId", "createdAt", "updatedAt")
       SELECT 't' || lpad(g::text, 7, '0'),
              initcap(md5(g::text)::varchar(8)) || ' ' || (ARRAY['Labs','Studio','Works','Group','Digital','Cloud'])[1 + g % 6],
              'tenant-' || g, 'cus_bench' || g,
              now() - (g % 700) * interval '1 day', now()
       FROM generate_series(1, $1::int) g`,
      [TENANTS],
    );
    // Statuses: 80 % active, 6 % past_due, 5 % trialing, 5 % canceled, 2 % unpaid, 2 % without a subscription.
    await client.query(
      `INSERT INTO "Subscription" ("id", "tenantId", "stripeSubscriptionId", "status", "planId", "stripePriceId",
              "quantity", "currentPeriodStart", "currentPeriodEnd", "cancelAtPeriodEnd", "trialEnd", "createdAt", "updatedAt")
       SELECT 's' || g, 't' || lpad(g::text, 7, '0'), 'sub_bench' || g,
              (CASE WHEN g % 50 < 40 THEN 'active' WHEN g % 50 < 43 THEN 'past_due' WHEN g % 50 < 45 THEN 'trialing'
                    WHEN g % 50 < 47 THEN 'canceled' ELSE 'unpaid' END)::"SubscriptionStatus",
              (ARRAY['plan_s_m','plan_p_m','plan_p_y'])[1 + g % 3],
              (ARRAY['price_bench_s_m','price_bench_p_m','price_bench_p_y'])[1 + g % 3],
              1 + g % 4,
              now() - (g % 28) * interval '1 day', now() + (30 - g % 28) * interval '1 day', g % 17 = 0,
              -- Trials: the trialing ones end within two weeks; one in ten of the others had a 14-day trial.
              CASE WHEN g % 50 BETWEEN 43 AND 44 THEN now() + (g % 14) * interval '1 day'
                   WHEN g % 10 = 0 THEN now() - (g % 700) * interval '1 day' + interval '14 days' END,
              now() - (g % 700) * interval '1 day', now()
       FROM generate_series(1, $1::int) g WHERE g % 50 <> 49`,
      [TENANTS],
    );
    // Invoices are the big table (20 million in the large run): loaded without their secondary indexes, which
    // are built afterwards in one sort each.
    const { rows: invoiceIndexes } = await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'Invoice' AND indexname <> 'Invoice_pkey'`,
    );
    for (const index of invoiceIndexes) await client.query(`DROP INDEX "${index.name}"`);
    await client.query(
      `INSERT INTO "Invoice" ("id", "tenantId", "stripeInvoiceId", "stripeSubscriptionId", "status", "amountDue",
              "amountPaid", "amountRemaining", "total", "currency", "attemptCount", "nextPaymentAttempt",
              "stripeCreatedAt", "paidAt", "updatedAt")
       SELECT 'i' || g || '_' || k, 't' || lpad(g::text, 7, '0'), 'in_bench' || g || '_' || k, 'sub_bench' || g,
              CASE WHEN k = $2 AND g % 50 BETWEEN 40 AND 42 THEN 'open' ELSE 'paid' END,
              4900, CASE WHEN k = $2 AND g % 50 BETWEEN 40 AND 42 THEN 0 ELSE 4900 END,
              CASE WHEN k = $2 AND g % 50 BETWEEN 40 AND 42 THEN 4900 ELSE 0 END, 4900, 'usd',
              CASE WHEN k = $2 AND g % 50 BETWEEN 40 AND 42 THEN 1 + g % 3 ELSE 1 END,
              CASE WHEN k = $2 AND g % 50 BETWEEN 40 AND 42 THEN now() + interval '2 days' END,
              now() - ($2 - k) * interval '30 days' - (g % 28) * interval '1 day',
              CASE WHEN k = $2 AND g % 50 BETWEEN 40 AND 42 THEN NULL ELSE now() - ($2 - k) * interval '30 days' END,
              now()
       FROM generate_series(1, $1::int) g, generate_series(1, $2::int) k WHERE g % 50 <> 49`,
      [TENANTS, PER_TENANT],
    );
    await client.query("SET maintenance_work_mem = '512MB'");
    for (const index of invoiceIndexes) await client.query(index.def);
    await client.query(
      `INSERT INTO "Payment" ("id", "tenantId", "stripeChargeId", "stripeInvoiceId", "amount", "currency", "status",
              "stripeCreatedAt", "updatedAt")
       SELECT 'p' || g || '_' || k, 't' || lpad(g::text, 7, '0'), 'ch_bench' || g || '_' || k,
              'in_bench' || g || '_' || k, 4900, 'usd', 'succeeded',
              now() - (3 - k) * interval '30 days' - (g % 28) * interval '1 day', now()
       FROM generate_series(1, $1::int) g, generate_series(1, 2) k WHERE g % 50 <> 49`,
      [TENANTS],
    );
    // Statistics first: without them the planner picks a scan per tenant for the summary's lateral joins.
    await client.query("ANALYZE");
    await client.query(`INSERT INTO "TenantBillingSummary" SELECT * FROM "tenant_billing_summary_rows"()`);
    await client.query("SET session_replication_role = origin");
    // What the triggers would have written row by row, set-based from the rows as loaded: the tenant counts and
    // the MRR history.
    await client.query(`SELECT "tenant_status_count_backfill"()`);
    await client.query(`SELECT "mrr_history_backfill"()`);
    // What autovacuum does to a settled table: the visibility map lets counts use index-only scans.
    await client.query(`VACUUM ANALYZE "TenantBillingSummary"`);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** Runs `run` WARMUP + ITERATIONS times; the sorted times after warm-up, and what the last run answered. */
async function timed<T>(run: () => Promise<T>): Promise<{ times: number[]; rows: T }> {
  const times: number[] = [];
  let rows!: T;
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const t0 = performance.now();
    rows = await run();
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { times, rows };
}

async function main(): Promise<void> {
  let embedded: EmbeddedPostgres | null = null;
  let dataDir: string | null = null;
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  try {
    if (!databaseUrl) {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "aab-bench-"));
      // PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
      await chmod(dataDir, 0o755);
      embedded = await ensureEmbeddedPostgres({
        dataDir: path.join(dataDir, "pg"),
        database: "bench",
        ephemeral: true,
        preferredPort: 55000 + Math.floor(Math.random() * 5000),
      });
      databaseUrl = embedded.databaseUrl;
    }
    let started = performance.now();
    await applyMigrations(databaseUrl);
    console.log(`migrated in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    await seed(databaseUrl);
    console.log(
      `seeded ${TENANTS.toLocaleString("en-US")} tenants, ${(TENANTS * PER_TENANT).toLocaleString("en-US")} invoices (before the 2 % without a subscription) in ${Math.round(performance.now() - started)} ms`,
    );

    // The app's own modules read configuration through getEnv(); the Stripe values are never used here.
    process.env.DATABASE_URL = databaseUrl;
    process.env.LOG_LEVEL = "silent";
    process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0";
    process.env.STRIPE_SECRET_KEY ??= "sk_test_bench";
    process.env.STRIPE_PUBLIC_KEY ??= "pk_test_bench";
    process.env.STRIPE_WEBHOOK_SECRET ??= "whsec_bench";
    const { listTenants, cursorAtOffset } = await import("@/lib/admin/list-tenants");
    const { getDb } = await import("@/lib/db/client");

    const deepOffset = Math.max(1, (Math.min(1000, Math.ceil(TENANTS / PAGE)) - 1) * PAGE);
    const scenarios = [
      { name: "first page (by name)", query: { sort: "name" as const } },
      { name: "filtered page (past_due)", query: { sort: "name" as const, status: "past_due" as const } },
      {
        name: `page ${Math.min(1000, Math.ceil(TENANTS / PAGE))} (by name)`,
        query: { sort: "name" as const, after: (await cursorAtOffset({ sort: "name" }, deepOffset)) ?? undefined },
      },
      { name: "first page (by MRR, desc)", query: { sort: "mrr" as const, dir: "desc" as const } },
      { name: "search \"labs\"", query: { sort: "name" as const, q: "labs" } },
    ];

    const all: number[] = [];
    for (const scenario of scenarios) {
      const { times, rows } = await timed(async () => (await listTenants({ ...scenario.query, limit: PAGE })).rows.length);
      all.push(...times);
      console.log(
        `${scenario.name.padEnd(28)} rows ${String(rows).padStart(3)}  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`,
      );
    }
    all.sort((a, b) => a - b);
    const { getRevenue } = await import("@/lib/admin/get-revenue");
    const revenue = await timed(async () => (await getRevenue()).byPlan.length);
    const figures = await getRevenue();
    console.log(
      `${"revenue page".padEnd(28)} plans ${String(revenue.rows).padStart(2)}  p50 ${percentile(revenue.times, 50).toFixed(1)} ms  p95 ${percentile(revenue.times, 95).toFixed(1)} ms` +
        `  (MRR ${formatMoney(figures.mrr, figures.currency)}, ${figures.payingSubscriptions} paying, trials ${figures.trials.converted}/${figures.trials.ended})`,
    );
    await getDb().$disconnect();
    console.log(
      `${TENANTS} tenants: tenants page p95 ${Math.round(percentile(all, 95))} ms, revenue p95 ${Math.round(percentile(revenue.times, 95))} ms`,
    );
  } finally {
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
