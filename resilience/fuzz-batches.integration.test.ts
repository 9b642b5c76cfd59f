import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { uniqueSuffix } from "@/testing/test-db";
import { FUZZ_CONCURRENCY, nextBatch, runCases, type Case, type FuzzResult } from "./fuzz";

// The fuzz phase sends its cases a few at a time and checks each batch's writes as a whole: a refused case that
// writes must still be named, and a write by an accepted case must not be blamed on the refused ones beside it.
describe("the fuzz's batches", () => {
  const sql = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  afterAll(() => sql.end());
  const sends = new Map<string, number>();
  const insertTenant = () => {
    const id = `fz-${uniqueSuffix()}`;
    return sql.query(`INSERT INTO "Tenant" ("id", "name", "slug", "updatedAt") VALUES ($1, $1, $1, now())`, [id]);
  };

  /** A case answering `status`, after inserting a tenant when `writes`; counts how often it was sent. */
  const fakeCase = (name: string, status: number, options: { writes?: boolean; mayWrite?: boolean } = {}): Case => ({
    name,
    mayWrite: options.mayWrite,
    send: async () => {
      sends.set(name, (sends.get(name) ?? 0) + 1);
      if (options.writes) await insertTenant();
      return { status, headers: new Headers(), body: "", location: null };
    },
  });
  const run = async (cases: Case[]) => {
    const result: FuzzResult = { cases: 0, fiveHundreds: 0, stackTraces: 0, writes: 0, batchesSentAgain: 0, failures: [] };
    await runCases(cases, sql, result, async () => {});
    return result;
  };

  test("names the refused case that wrote among refused ones that did not", async () => {
    const result = await run([fakeCase("a1", 400), fakeCase("a2", 400, { writes: true }), fakeCase("a3", 403), fakeCase("a4", 422)]);
    expect(result.cases).toBe(4);
    expect(result.writes).toBe(1);
    expect(result.failures).toEqual(["a2: refused (400 unknown_400) but a row changed"]);
    expect(result.batchesSentAgain).toBe(1);
  });

  test("does not blame refused cases for an accepted case's write", async () => {
    const result = await run([fakeCase("b1", 400), fakeCase("b2", 200, { writes: true }), fakeCase("b3", 404)]);
    expect(result.writes).toBe(0);
    expect(result.failures).toEqual([]);
  });

  test("sends a batch that wrote nothing once, and a case that may write alone", async () => {
    const cases = [fakeCase("c1", 400), fakeCase("c2", 400, { writes: true, mayWrite: true }), fakeCase("c3", 400, { writes: true }), fakeCase("c4", 400)];
    expect(nextBatch(cases, 0, FUZZ_CONCURRENCY).map((c) => c.name)).toEqual(["c1"]);
    expect(nextBatch(cases, 1, FUZZ_CONCURRENCY).map((c) => c.name)).toEqual(["c2"]);
    expect(nextBatch(cases, 2, FUZZ_CONCURRENCY).map((c) => c.name)).toEqual(["c3", "c4"]);
    const result = await run(cases);
    expect(result.failures).toEqual(["c3: refused (400 unknown_400) but a row changed"]);
    expect(sends.get("c1")).toBe(1);
    expect(sends.get("c2")).toBe(1);
  });

  test("a change under a batch of refused cases that none makes alone is still a failure", async () => {
    let sentTogether = true;
    // Writes only the first time: sent alone again, it changes nothing.
    const once: Case = {
      name: "d2",
      send: async () => {
        if (sentTogether) await insertTenant();
        sentTogether = false;
        return { status: 409, headers: new Headers(), body: "", location: null };
      },
    };
    const result = await run([fakeCase("d1", 400), once]);
    expect(result.writes).toBe(1);
    expect(result.failures).toEqual(["d1 + d2: all refused, sent together, but a row changed"]);
  });
});
