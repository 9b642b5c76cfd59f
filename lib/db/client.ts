import "server-only";
import os from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { canPrepareStatements, preparedStatementName } from "./prepared";

export type Db = PrismaClient;
/** An open transaction, for code that must commit with its caller's change. */
export type Tx = Prisma.TransactionClient;

type DbState = { client: PrismaClient; pool: pg.Pool; prepares: boolean };

const globalForDb = globalThis as unknown as { assetAnchorDb?: DbState };

function createState(): DbState {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = getEnv();
  const prepares = canPrepareStatements(DATABASE_URL);
  // One pool, shared by Prisma and by `queryOnPool` (the webhook hot path): the process keeps one set of
  // connections, and `$disconnect()` ends the pool as before.
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE ?? os.availableParallelism() * 2 + 1 });
  // An idle connection the server dropped (a restart, a failover) is not fatal: the next query opens a new one.
  // Prisma adds the same listener, but only once it connects; the hot path may use the pool before that.
  pool.on("error", () => undefined);
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    ...(prepares ? { statementNameGenerator: preparedStatementName } : {}),
  });
  // Password hashes never leave the data layer unless a query asks for them by name.
  const client: PrismaClient = new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
  return { client, pool, prepares };
}

// One client per process; cached on globalThis so hot reload in dev does not open a pool per edit.
function state(): DbState {
  // `$disconnect()` ends the pool; a later query starts over with a new client and pool, as Prisma alone did.
  if (globalForDb.assetAnchorDb?.pool.ending) globalForDb.assetAnchorDb = undefined;
  globalForDb.assetAnchorDb ??= createState();
  return globalForDb.assetAnchorDb;
}

export function getDb(): PrismaClient {
  return state().client;
}

// Prisma sends a Date as UTC text; pg would send it in the process's local zone, which a `::timestamp` cast
// would then read as UTC. Everything else in our builders (text, numbers, booleans, null, JSON as text) pg sends
// as Prisma does.
export const toPoolParameter = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * Runs one statement on Prisma's own pg pool, bypassing Prisma's query engine: for the webhook's one-statement
 * fast path, where `$queryRaw`'s own work (argument serialisation, result mapping, its driver-adapter layers) cost
 * more CPU than the statement's round trip (`npm run bench:webhooks -- --cpu-prof`). A statement marked with
 * `prepared()` is prepared once per connection under the same name Prisma gives it, unless `?pgbouncer=true`.
 * Not for use inside a `$transaction` (it runs on any pooled connection).
 */
export async function queryOnPool<T>(statement: Prisma.Sql): Promise<T[]> {
  const { pool, prepares } = state();
  // `text` is a getter that joins the statement anew (several KB for the webhook's): once per query.
  const text = statement.text;
  const name = prepares ? preparedStatementName({ sql: text }) : "";
  const result = await pool.query({
    text,
    values: statement.values.map(toPoolParameter),
    ...(name ? { name } : {}),
  });
  return result.rows as T[];
}
