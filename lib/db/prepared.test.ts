import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { canPrepareStatements, prepared, preparedStatementName } from "./prepared";

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

  it("is switched off behind PgBouncer (?pgbouncer=true), on everywhere else", () => {
    expect(canPrepareStatements("postgresql://app@db:6432/billing?pgbouncer=true&sslmode=require")).toBe(false);
    expect(canPrepareStatements("postgresql://app@db:5432/billing?sslmode=require")).toBe(true);
    expect(canPrepareStatements("postgresql://app@db:5432/billing?pgbouncer=false")).toBe(true);
  });
});
