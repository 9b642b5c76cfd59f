import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, test } from "vitest";
import {
  applyMigrations,
  createMigration,
  markMigrationRolledBack,
  MigrationError,
  migrationStatus,
  quoteIdent,
  runAdminStatement,
  withDatabase,
} from "./migrations";

// Runs against whichever server the suite uses (embedded, or DATABASE_URL's): fresh databases on it, dropped after.
const adminUrl = inject("adminDatabaseUrl");
const created: string[] = [];
const folders: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `aab_migrate_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await runAdminStatement(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  created.push(name);
  return withDatabase(adminUrl, name);
}

/** A copy of prisma/ (schema and migrations) to change without touching the real one. */
async function scratchRoot(): Promise<string> {
  const root = path.resolve(".data", `test-migrations-${Date.now()}-${randomBytes(3).toString("hex")}`);
  folders.push(root);
  await mkdir(path.join(root, "prisma"), { recursive: true });
  await cp("prisma/schema.prisma", path.join(root, "prisma", "schema.prisma"));
  await cp("prisma/migrations", path.join(root, "prisma", "migrations"), { recursive: true });
  return root;
}

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function shadowDatabases(): Promise<string[]> {
  const found = await rows<{ datname: string }>(
    adminUrl,
    "select datname from pg_database where datname like 'prisma\\_shadow\\_%'",
  );
  return found.map((row) => row.datname);
}

async function migrationsOnDisk(root = "."): Promise<string[]> {
  const entries = await readdir(path.join(root, "prisma", "migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

afterAll(async () => {
  for (const name of created) {
    await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("migrations through the wasm schema engine", () => {
  test("apply from empty on a fresh database; status reports current; rows match stock Prisma's", async () => {
    const url = await freshDatabase();
    const onDisk = await migrationsOnDisk();
    expect(onDisk.length).toBeGreaterThanOrEqual(2);

    const before = await migrationStatus(url);
    expect(before).toMatchObject({ current: false, hasMigrationsTable: false, pending: onDisk });

    const began = Date.now();
    expect(await applyMigrations(url)).toEqual(onDisk);
    console.log(`migrate from empty (${onDisk.length} migrations, ${inject("databaseMode")}): ${Date.now() - began} ms`);

    const after = await migrationStatus(url);
    expect(after).toMatchObject({ current: true, pending: [], failed: [], edited: [], unknownToDisk: [] });
    expect(await applyMigrations(url)).toEqual([]);

    // The `_prisma_migrations` rows stock `prisma migrate deploy` expects: sha256 hex of migration.sql.
    const recorded = await rows<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      "select migration_name, checksum, finished_at from _prisma_migrations order by migration_name",
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(onDisk);
    for (const row of recorded) {
      const sql = await readFile(path.join("prisma", "migrations", row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
  });

  test("instances starting together: each migration is applied exactly once", async () => {
    const url = await freshDatabase();
    const onDisk = await migrationsOnDisk();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    expect(results.flat().sort()).toEqual(onDisk);
    const recorded = await rows<{ n: number }>(url, "select count(*)::int as n from _prisma_migrations");
    expect(recorded).toEqual([{ n: onDisk.length }]);
  });

  test("the CLI: status exits 1 on a fresh database, apply migrates it, status then exits 0", async () => {
    const url = await freshDatabase();
    const cli = (command: string, databaseUrl = url) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/db-migrate.ts", command], {
        env: { ...process.env, DATABASE_URL: databaseUrl },
        encoding: "utf8",
        timeout: 60_000,
      });

    const pending = cli("status");
    expect(pending.status).toBe(1);
    expect(pending.stdout).toMatch(/never been migrated/);

    const applied = cli("apply");
    expect(applied.stderr).toBe("");
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/Applied \d+ migration\(s\)/);

    const current = cli("status");
    expect(current.status).toBe(0);
    expect(current.stdout).toMatch(/up to date/);

    const unreachable = cli("apply", "postgresql://postgres:secret@127.0.0.1:1/nowhere");
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/db-migrate apply failed/);
    expect(unreachable.stderr).not.toMatch(/secret/);
  }, 120_000);

  test("new: nothing to write when the schema matches; a schema change becomes a migration that sorts last", async () => {
    const root = await scratchRoot();
    const url = await freshDatabase();
    expect(await createMigration("nothing", url, { rootDir: root })).toBeNull();

    await applyMigrations(url, { rootDir: root });
    const schemaFile = path.join(root, "prisma", "schema.prisma");
    await writeFile(
      schemaFile,
      `${await readFile(schemaFile, "utf8")}\nmodel ProbeThing {\n  id   String @id\n  note String\n}\n`,
    );
    const shadowsBefore = await shadowDatabases();
    const made = await createMigration("probe thing", url, { rootDir: root });
    expect(made?.name).toMatch(/^\d{14}_probe_thing$/);
    expect(made?.sql).toMatch(/CREATE TABLE "ProbeThing"/);
    expect((await migrationsOnDisk(root)).at(-1)).toBe(made?.name);

    expect(await migrationStatus(url, { rootDir: root })).toMatchObject({ current: false, pending: [made?.name] });
    expect(await applyMigrations(url, { rootDir: root })).toEqual([made?.name]);
    expect(await rows(url, 'select count(*)::int as n from "ProbeThing"')).toEqual([{ n: 0 }]);
    // The shadow database the engine replayed the history into is gone.
    expect((await shadowDatabases()).filter((name) => !shadowsBefore.includes(name))).toEqual([]);
  }, 90_000);

  test("a failing migration changes nothing, is reported failed, and runs again once fixed and marked rolled back", async () => {
    const root = await scratchRoot();
    const url = await freshDatabase();
    await applyMigrations(url, { rootDir: root });
    const broken = "99990101000000_broken";
    const file = path.join(root, "prisma", "migrations", broken, "migration.sql");
    await mkdir(path.dirname(file), { recursive: true });
    // A semicolon inside a string literal and a PL/pgSQL body: the script must reach PostgreSQL whole.
    await writeFile(
      file,
      `CREATE TABLE "Half" (note text DEFAULT 'a;b');\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT * FROM "does_not_exist";\n`,
    );

    const failure = await applyMigrations(url, { rootDir: root }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/does_not_exist/);
    expect(await rows(url, `select to_regclass('"Half"') is null as absent`)).toEqual([{ absent: true }]);
    expect(await migrationStatus(url, { rootDir: root })).toMatchObject({ current: false, failed: [broken] });

    await writeFile(file, `CREATE TABLE "Half" (note text DEFAULT 'a;b');\nDO $$ BEGIN PERFORM 1; END $$;\n`);
    await markMigrationRolledBack(url, broken, { rootDir: root });
    expect(await applyMigrations(url, { rootDir: root })).toEqual([broken]);
    expect(await migrationStatus(url, { rootDir: root })).toMatchObject({ current: true });
    expect(await rows(url, `select column_default from information_schema.columns where table_name = 'Half'`)).toEqual([
      { column_default: "'a;b'::text" },
    ]);
  });
});
