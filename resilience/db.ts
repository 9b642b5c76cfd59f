// Direct SQL for the suite's own bookkeeping (row counts, ledger and audit checks, test tenants). A pool that
// survives the database restart: idle clients that lose their server are dropped, not thrown.
import pg from "pg";

export type Sql = pg.Pool;

export function openSql(databaseUrl: string): Sql {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => undefined);
  return pool;
}

export async function scalar(sql: Sql, text: string, values: unknown[] = []): Promise<number> {
  const { rows } = await sql.query<{ n: string | number }>(text, values);
  return Number(rows[0]?.n ?? 0);
}

/** Row counts of every table hostile input could write to; compared before and after the fuzz run. */
export async function writeCounts(sql: Sql): Promise<Record<string, number>> {
  const tables = ["User", "Tenant", "Membership", "Subscription", "Invoice", "Payment", "Refund", "PaymentMethod", "WebhookEvent", "AuditLog"];
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = await scalar(sql, `SELECT count(*) AS n FROM "${table}"`);
  out["Tenant.updatedAt"] = await scalar(sql, `SELECT coalesce(extract(epoch from max("updatedAt")) * 1000, 0) AS n FROM "Tenant"`);
  out["Subscription.updatedAt"] = await scalar(sql, `SELECT coalesce(extract(epoch from max("updatedAt")) * 1000, 0) AS n FROM "Subscription"`);
  return out;
}
