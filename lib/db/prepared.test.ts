import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { prepared, preparedStatementName } from "./prepared";

describe("prepared statements", () => {
  it("names a marked statement after its text, the same every time", () => {
    const one = prepared(Prisma.sql`SELECT ${1}::int AS "a"`);
    const again = prepared(Prisma.sql`SELECT ${2}::int AS "a"`);
    const other = prepared(Prisma.sql`SELECT ${1}::int AS "b"`);
    expect(preparedStatementName(one)).toMatch(/^prepared_[0-9a-f]{32}$/);
    expect(preparedStatementName(again)).toBe(preparedStatementName(one));
    expect(preparedStatementName(other)).not.toBe(preparedStatementName(one));
  });

  it("leaves every other statement unnamed, so pg does not cache it", () => {
    expect(preparedStatementName(Prisma.sql`SELECT ${1}::int`)).toBe("");
  });
});
