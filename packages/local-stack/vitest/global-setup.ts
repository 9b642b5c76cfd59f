// Vitest global setup: one fresh, migrated PostgreSQL database per test run, in both modes the app supports.
// - DATABASE_URL set: a new database `aab_test_<timestamp>_<rand>` on that server, dropped afterwards.
// - otherwise: a throwaway embedded server in .data/test-postgres-<rand>, stopped and deleted afterwards.
// Workers see the result through process.env (forked after this runs, they inherit it), so getEnv() and
// getDb() in tests connect to it with no further wiring; `inject("databaseUrl")` gives the same value.
import { randomBytes } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureEmbeddedPostgres, isProcessAlive, readRecord, recordPathFor } from "../embedded-postgres";
import { applyMigrations, quoteIdent, redactUrl, runAdminStatement, withDatabase } from "../migrations";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test database (also process.env.DATABASE_URL in workers). */
    databaseUrl: string;
    /** The maintenance database on the same server, for tests that create databases of their own. */
    adminDatabaseUrl: string;
    /** "env" (a database on DATABASE_URL's server) or "embedded" (a throwaway embedded server). */
    databaseMode: "env" | "embedded";
    /** One migrated database per vitest worker (VITEST_POOL_ID 1, 2, …); the first is `databaseUrl`. */
    workerDatabaseUrls: string[];
  }
}

function testEnvDefaults(): Record<string, string> {
  return {
    NEXTAUTH_SECRET: randomBytes(36).toString("base64url"),
    STRIPE_SECRET_KEY: "sk_test_local",
    STRIPE_PUBLIC_KEY: "pk_test_local",
    STRIPE_WEBHOOK_SECRET: `whsec_test${randomBytes(16).toString("hex")}`,
    // Nothing listens there: a test that reaches Stripe without setting up the emulator fails fast.
    STRIPE_API_URL: "http://127.0.0.1:1",
    LOG_LEVEL: "warn",
  };
}

/**
 * Folders left by runs that were killed before their teardown (their servers are already gone: the supervisor
 * stops a server whose owner dies). A folder whose owner still runs belongs to a concurrent run: left alone.
 */
async function sweepAbandonedTestFolders(): Promise<void> {
  const dataRoot = path.resolve(".data");
  const entries = await readdir(dataRoot).catch(() => [] as string[]);
  for (const entry of entries) {
    const full = path.join(dataRoot, entry);
    if (/^test-postgres-[^.]+$/.test(entry)) {
      const record = await readRecord(full);
      if (record && (isProcessAlive(record.ownerPid) || isProcessAlive(record.supervisorPid))) continue;
      const age = Date.now() - (await stat(full)).mtimeMs;
      if (!record && age < 10 * 60_000) continue; // still initialising, perhaps
      await rm(full, { recursive: true, force: true });
      await rm(`${full}.json`, { force: true });
      await rm(`${full}.log`, { force: true });
    } else if (/^test-(embedded|migrations)-/.test(entry)) {
      // Scratch folders of lib/db's own tests: only ever abandoned by a killed run; give live runs an hour.
      if (Date.now() - (await stat(full)).mtimeMs > 60 * 60_000) await rm(full, { recursive: true, force: true });
    }
  }
}

/** The most test files vitest runs at once (its --maxWorkers, or the config's). */
function workerCount(project: TestProject): number {
  const configured = Number(project.config.maxWorkers);
  return Number.isInteger(configured) && configured > 1 ? configured : 1;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  await sweepAbandonedTestFolders().catch(() => undefined);
  for (const [name, value] of Object.entries(testEnvDefaults())) {
    if (!process.env[name]?.trim()) process.env[name] = value;
  }

  const suffix = `${Date.now()}_${randomBytes(3).toString("hex")}`;
  const workerCopies: string[] = [];
  let databaseUrl: string;
  let databaseName: string;
  let adminDatabaseUrl: string;
  let databaseMode: "env" | "embedded";
  let teardown: () => Promise<void>;

  const serverUrl = process.env.DATABASE_URL?.trim();
  if (serverUrl) {
    databaseMode = "env";
    const name = `aab_test_${suffix}`;
    databaseName = name;
    adminDatabaseUrl = serverUrl;
    await runAdminStatement(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
    databaseUrl = withDatabase(serverUrl, name);
    teardown = async () => {
      for (const copy of workerCopies) await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(copy)} WITH (FORCE)`);
      await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    };
  } else {
    databaseMode = "embedded";
    const dataDir = path.resolve(".data", `test-postgres-${suffix}`);
    databaseName = "aab_test";
    const embedded = await ensureEmbeddedPostgres({ dataDir, ephemeral: true, preferredPort: 0, database: databaseName });
    databaseUrl = embedded.databaseUrl;
    adminDatabaseUrl = embedded.adminUrl;
    teardown = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(recordPathFor(dataDir), { force: true });
      await rm(`${dataDir}.log`, { force: true });
    };
  }

  try {
    await applyMigrations(databaseUrl);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  // Files run in parallel (maxWorkers), each worker on its own copy of the migrated database: a file sees only its
  // worker's rows, job queue and counts, as when files ran one after another on one database.
  const workerDatabaseUrls = [databaseUrl];
  try {
    for (let worker = 2; worker <= workerCount(project); worker += 1) {
      const copy = `${databaseName}_w${worker}`;
      await runAdminStatement(adminDatabaseUrl, `CREATE DATABASE ${quoteIdent(copy)} TEMPLATE ${quoteIdent(databaseName)}`);
      workerCopies.push(copy);
      workerDatabaseUrls.push(withDatabase(databaseUrl, copy));
    }
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  process.env.DATABASE_URL = databaseUrl;
  project.provide("databaseUrl", databaseUrl);
  project.provide("workerDatabaseUrls", workerDatabaseUrls);
  project.provide("adminDatabaseUrl", adminDatabaseUrl);
  project.provide("databaseMode", databaseMode);
  console.log(
    `test database ready (${databaseMode}, one per worker: ${workerDatabaseUrls.length}) in ${Date.now() - started} ms: ${redactUrl(databaseUrl)}`,
  );

  return async () => {
    await teardown();
  };
}
