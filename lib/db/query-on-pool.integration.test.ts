import { afterAll, describe, expect, test } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb, queryOnPool } from "./client";
import { prepared, preparedStatementName } from "./prepared";

afterAll(async () => {
  await getDb().$disconnect();
});

describe("queryOnPool (the webhook hot path's statements on Prisma's pg pool)", () => {
  test("a marked statement is prepared on the connection under the name Prisma gives it", async () => {
    // The statement lists the session's prepared statements, so it sees itself when it runs prepared.
    const statement = prepared(Prisma.sql`SELECT "name" FROM pg_prepared_statements WHERE ${true}::boolean`);
    const name = preparedStatementName({ sql: statement.text });
    const viaPrisma = await getDb().$queryRaw<{ name: string }[]>(statement);
    const viaPool = await queryOnPool<{ name: string }>(statement);
    expect(viaPrisma.map((row) => row.name)).toContain(name);
    expect(viaPool.map((row) => row.name)).toContain(name);
  });

  test("a Date reaches a ::timestamp cast as UTC, as through $queryRaw, whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const at = new Date("2026-01-01T00:00:00.000Z");
      const sql = Prisma.sql`SELECT ${at}::timestamp(3)::text AS "at"`;
      const [viaPool] = await queryOnPool<{ at: string }>(sql);
      const [viaPrisma] = await getDb().$queryRaw<{ at: string }[]>(sql);
      expect(viaPool?.at).toBe("2026-01-01 00:00:00");
      expect(viaPool?.at).toBe(viaPrisma?.at);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  test("after $disconnect (which ends the shared pool) the next query starts over, as with Prisma alone", async () => {
    await getDb().$disconnect();
    const [row] = await queryOnPool<{ one: number }>(Prisma.sql`SELECT ${1}::int AS "one"`);
    expect(row?.one).toBe(1);
    expect(await getDb().$queryRaw<{ two: number }[]>(Prisma.sql`SELECT ${2}::int AS "two"`)).toEqual([{ two: 2 }]);
  });
});
