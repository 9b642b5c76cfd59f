import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { uniqueSuffix } from "@/testing/test-db";
import { fingerprintReader } from "./fuzz";

// The fuzz phase's write detection reads its fingerprint of the tables again only when a transaction has ended:
// it must still see every committed write, including one whose transaction was open at the last read.
describe("the fuzz's fingerprint reader", () => {
  const sql = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  afterAll(() => sql.end());
  const insertTenant = (client: pg.Pool | pg.PoolClient) => {
    const id = `fp-${uniqueSuffix()}`;
    return client.query(`INSERT INTO "Tenant" ("id", "name", "slug", "updatedAt") VALUES ($1, $1, $1, now())`, [id]);
  };

  test("stays while nothing commits, and changes after a write", async () => {
    const read = fingerprintReader(sql);
    const first = await read();
    expect(await read()).toBe(first);
    await insertTenant(sql);
    expect(await read()).not.toBe(first);
  });

  test("sees a write committed after the read by a transaction already open, behind a newer one that committed", async () => {
    const read = fingerprintReader(sql);
    const older = await sql.connect();
    const newer = await sql.connect();
    try {
      // The older transaction takes its id first; the newer one commits first, so the newest completed id (the
      // snapshot's xmax) does not move when the older one commits: only its leaving the in-progress list does.
      await older.query("BEGIN");
      await insertTenant(older);
      await newer.query("BEGIN");
      await insertTenant(newer);
      await newer.query("COMMIT");
      const before = await read();
      await older.query("COMMIT");
      expect(await read()).not.toBe(before);
    } finally {
      older.release();
      newer.release();
    }
  });

  test("a rolled-back write leaves the fingerprint as it was", async () => {
    const read = fingerprintReader(sql);
    const before = await read();
    const client = await sql.connect();
    try {
      await client.query("BEGIN");
      await insertTenant(client);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await read()).toBe(before);
  });
});
