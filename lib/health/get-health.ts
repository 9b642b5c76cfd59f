import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

export interface Health {
  ok: boolean;
  database: "up" | "down";
  migrations: "current" | "pending" | "unknown";
  stripeMode: "local" | "test" | "live";
}

async function expectedMigrations(): Promise<string[] | null> {
  try {
    const entries = await readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    // A standalone image may ship without the migrations folder; then we cannot tell.
    return null;
  }
}

/** What a load balancer or an operator needs to know; never a secret, a URL or an error text. */
export async function getHealth(): Promise<Health> {
  const stripeMode = getEnv().stripeMode;
  let applied: string[];
  try {
    const rows = await getDb().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = rows.map((row) => row.migration_name);
  } catch {
    return { ok: false, database: "down", migrations: "unknown", stripeMode };
  }
  const expected = await expectedMigrations();
  const migrations = expected === null ? "unknown" : expected.every((name) => applied.includes(name)) ? "current" : "pending";
  return { ok: migrations !== "pending", database: "up", migrations, stripeMode };
}
