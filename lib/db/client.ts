import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { canPrepareStatements, preparedStatementName } from "./prepared";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { assetAnchorDb?: PrismaClient };

function createClient(): PrismaClient {
  const { DATABASE_URL } = getEnv();
  const adapter = new PrismaPg(
    { connectionString: DATABASE_URL, max: 10 },
    canPrepareStatements(DATABASE_URL) ? { statementNameGenerator: preparedStatementName } : {},
  );
  // Password hashes never leave the data layer unless a query asks for them by name.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

// One client per process; cached on globalThis so hot reload in dev does not open a pool per edit.
export function getDb(): PrismaClient {
  globalForDb.assetAnchorDb ??= createClient();
  return globalForDb.assetAnchorDb;
}
