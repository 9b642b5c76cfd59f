import { createHash } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";

// Hot paths send long SQL whose text never changes (the webhook statements are several KB of CTEs). Marked
// statements are prepared once per connection and then run by name: PostgreSQL skips parse and plan, and only
// the parameters cross the socket. Unmarked statements stay unnamed, so the per-connection cache stays small and
// bounded by the marked statements in the code.

const MARK = "/* prepared */ ";

/** Marks a statement to be prepared once per connection. */
export function prepared(statement: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(MARK)}${statement}`;
}

const names = new Map<string, string>();

/** The adapter's `statementNameGenerator`: a name derived from the text for marked SQL, "" (unnamed) for the rest. */
export function preparedStatementName(query: { sql: string }): string {
  if (!query.sql.startsWith(MARK)) return "";
  let name = names.get(query.sql);
  if (name === undefined) {
    name = `prepared_${createHash("sha256").update(query.sql).digest("hex").slice(0, 32)}`;
    names.set(query.sql, name);
  }
  return name;
}

/**
 * PgBouncer in transaction mode hands each transaction to any server connection, so a statement prepared on one
 * is unknown on the next. `?pgbouncer=true` on DATABASE_URL (Prisma's own flag for this) turns preparing off.
 */
export function canPrepareStatements(databaseUrl: string): boolean {
  try {
    return new URL(databaseUrl).searchParams.get("pgbouncer") !== "true";
  } catch {
    return true;
  }
}
