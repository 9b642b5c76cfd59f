// Migration types_timestamptz_bigint on a database that already holds rows: applied up to the migration before it,
// filled, then migrated by a session whose time zone is not UTC. Every instant must keep its meaning (the old
// columns held UTC wall-clock time), every int8 its value, and the admin summary's triggers must keep working.
import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, test } from "vitest";
import { applyMigrations, quoteIdent, runAdminStatement, withDatabase } from "@asset-anchor/local-stack/migrations";

const adminUrl = inject("adminDatabaseUrl");
const MIGRATION = /^\d{14}_types_timestamptz_bigint$/;
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freshDatabase(): Promise<string> {
  const name = `aab_types_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await runAdminStatement(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  cleanups.push(() => runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  return withDatabase(adminUrl, name);
}

/** prisma/ with the migrations before ours only; `addOurs` then copies ours (and nothing after it) in. */
async function migrationsUpToOurs(): Promise<{ root: string; addOurs: () => Promise<void> }> {
  const root = path.resolve(".data", `test-migrations-types-${Date.now()}-${randomBytes(3).toString("hex")}`);
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const all = (await readdir("prisma/migrations", { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const ours = all.find((name) => MIGRATION.test(name));
  if (!ours) throw new Error("migration types_timestamptz_bigint not found");
  await mkdir(path.join(root, "prisma", "migrations"), { recursive: true });
  await cp("prisma/schema.prisma", path.join(root, "prisma", "schema.prisma"));
  await cp("prisma/migrations/migration_lock.toml", path.join(root, "prisma", "migrations", "migration_lock.toml"));
  for (const name of all.filter((n) => n < ours)) {
    await cp(path.join("prisma", "migrations", name), path.join(root, "prisma", "migrations", name), { recursive: true });
  }
  return { root, addOurs: () => cp(path.join("prisma", "migrations", ours), path.join(root, "prisma", "migrations", ours), { recursive: true }) };
}

/** A connection whose session time zone is far from UTC (what a server configured for local time gives). */
const inZone = (url: string, zone: string) => `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c TimeZone=${zone}`)}`;

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const columnType = (client: pg.Client, table: string, column: string) =>
  client
    .query<{ t: string }>(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`, [`"${table}"`, column])
    .then((r) => r.rows[0]?.t);

describe("migration types_timestamptz_bigint on a database with data", () => {
  test("keeps every instant and number, in a non-UTC session, and lifts the int4 limits", async () => {
    const url = await freshDatabase();
    const { root, addOurs } = await migrationsUpToOurs();
    await applyMigrations(url, { rootDir: root });

    // The old schema, filled as the app wrote it: UTC wall-clock timestamps, int4 seconds.
    await withClient(url, async (c) => {
      expect(await columnType(c, "Subscription", "currentPeriodEnd")).toBe("timestamp(3) without time zone");
      await c.query(`INSERT INTO "Tenant" ("id", "name", "slug", "stripeCustomerId", "createdAt", "updatedAt")
        VALUES ('t1', 'Old Co', 'old-co', 'cus_old', '2026-03-29 01:30:00.250', '2026-03-29 01:30:00.250')`);
      await c.query(`INSERT INTO "Plan" ("id", "key", "name", "amount", "currency", "interval", "features", "updatedAt")
        VALUES ('p1', 'team-jpy', 'Team', 99999999, 'jpy', 'month', '{}', now())`);
      await c.query(`INSERT INTO "Subscription" ("id", "tenantId", "stripeSubscriptionId", "status", "planId", "quantity",
          "currentPeriodStart", "currentPeriodEnd", "lastEventCreated", "lastEventId", "createdAt", "updatedAt")
        VALUES ('s1', 't1', 'sub_old', 'active', 'p1', 1, '2037-12-01 00:00:00', '2038-01-19 03:14:07.999', 2147483647,
          'evt_old', '2026-03-29 01:30:00.250', '2026-03-29 01:30:00.250')`);
      await c.query(`INSERT INTO "Invoice" ("id", "tenantId", "stripeInvoiceId", "status", "amountDue", "amountPaid",
          "amountRemaining", "total", "currency", "stripeCreatedAt", "paidAt", "lastEventCreated", "updatedAt")
        VALUES ('i1', 't1', 'in_old', 'paid', 1200, 1200, 0, 1200, 'jpy', '2026-10-25 01:59:59.500', '2026-10-25 02:00:00', 1793000000, now())`);
      await c.query(`INSERT INTO "Payment" ("id", "tenantId", "stripeChargeId", "amount", "currency", "status",
          "stripeCreatedAt", "lastEventCreated", "updatedAt")
        VALUES ('c1', 't1', 'ch_old', 1200, 'jpy', 'succeeded', '2026-10-25 02:00:00', 1793000000, now())`);
      await c.query(`INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "receivedAt", "status")
        VALUES ('evt_old', 'customer.subscription.updated', 2147483647, '2026-11-30 23:59:59.999', 'processed')`);
      // Before: a tenant MRR past 2^31 (¥99,999,999 × 100 seats) cannot be summarised, and the write fails.
      await expect(c.query(`UPDATE "Subscription" SET "quantity" = 100 WHERE "id" = 's1'`)).rejects.toThrow(/out of range/);
    });

    await addOurs();
    const applied = await applyMigrations(inZone(url, "Pacific/Auckland"), { rootDir: root });
    expect(applied).toEqual([expect.stringMatching(MIGRATION)]);

    // Read in another zone again: timestamptz values are instants, whatever the reader's zone.
    await withClient(inZone(url, "America/Los_Angeles"), async (c) => {
      expect((await c.query("SHOW TimeZone")).rows[0]).toEqual({ TimeZone: "America/Los_Angeles" });
      for (const [table, column] of [["Subscription", "currentPeriodEnd"], ["Tenant", "createdAt"], ["WebhookEvent", "receivedAt"], ["TenantBillingSummary", "nextRenewalAt"]] as const) {
        expect(await columnType(c, table, column)).toBe("timestamp(3) with time zone");
      }
      for (const [table, column] of [["Subscription", "lastEventCreated"], ["WebhookEvent", "stripeCreated"], ["TenantBillingSummary", "mrr"], ["Invoice", "lastEventCreated"], ["Payment", "lastEventCreated"], ["Refund", "lastEventCreated"], ["PaymentMethod", "lastEventCreated"]] as const) {
        expect(await columnType(c, table, column)).toBe("bigint");
      }

      const sub = (await c.query(`SELECT "currentPeriodStart", "currentPeriodEnd", "createdAt", "lastEventCreated" FROM "Subscription"`)).rows[0];
      expect(sub).toEqual({
        currentPeriodStart: new Date("2037-12-01T00:00:00.000Z"),
        currentPeriodEnd: new Date("2038-01-19T03:14:07.999Z"),
        createdAt: new Date("2026-03-29T01:30:00.250Z"),
        lastEventCreated: "2147483647",
      });
      const invoice = (await c.query(`SELECT "stripeCreatedAt", "paidAt", "lastEventCreated" FROM "Invoice"`)).rows[0];
      expect(invoice).toEqual({ stripeCreatedAt: new Date("2026-10-25T01:59:59.500Z"), paidAt: new Date("2026-10-25T02:00:00.000Z"), lastEventCreated: "1793000000" });
      expect((await c.query(`SELECT "receivedAt", "stripeCreated" FROM "WebhookEvent"`)).rows[0]).toEqual({
        receivedAt: new Date("2026-11-30T23:59:59.999Z"),
        stripeCreated: "2147483647",
      });
      const summaryBefore = (await c.query(`SELECT "mrr", "nextRenewalAt", "lastPaymentAt" FROM "TenantBillingSummary"`)).rows[0];
      expect(summaryBefore).toEqual({ mrr: "99999999", nextRenewalAt: new Date("2038-01-19T03:14:07.999Z"), lastPaymentAt: new Date("2026-10-25T02:00:00.000Z") });

      // After: past 2^31 seconds and past 2^31 yen of MRR, written and summarised by the triggers.
      await c.query(`UPDATE "Subscription" SET "quantity" = 100, "lastEventCreated" = 4102444800,
        "currentPeriodEnd" = '2100-01-01T00:00:00Z' WHERE "id" = 's1'`);
      const summary = (await c.query(`SELECT "mrr", "nextRenewalAt", "refreshedAt" > now() - interval '1 minute' AS "fresh" FROM "TenantBillingSummary"`)).rows[0];
      expect(summary).toEqual({ mrr: "9999999900", nextRenewalAt: new Date("2100-01-01T00:00:00.000Z"), fresh: true });
      const plan = (await c.query(`SELECT sum("mrr")::text AS "mrr" FROM "PlanMrr" WHERE "planId" = 'p1'`)).rows[0];
      expect(plan).toEqual({ mrr: "9999999900" });
    });
  }, 120_000);
});
