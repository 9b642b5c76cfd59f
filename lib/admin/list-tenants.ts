import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { fromBigint } from "@/lib/db/from-bigint";
import { Prisma } from "@/lib/generated/prisma/client";

// The admin tenants table. Reads TenantBillingSummary (one row per tenant, kept current by triggers) and pages
// with keyset cursors over an index per sort, so page 1,000 of 50,000 tenants costs what page 1 costs.

export const TENANT_SORTS = ["name", "status", "mrr", "nextRenewal", "lastPayment", "failedAttempts"] as const;
export type TenantSort = (typeof TENANT_SORTS)[number];

export const TENANT_STATUS_FILTERS = [
  "active",
  "trialing",
  "past_due",
  "unpaid",
  "paused",
  "incomplete",
  "incomplete_expired",
  "canceled",
  "none",
] as const;

/** Key columns per sort, tie-broken by tenant id; each list is exactly the columns of one index. */
const SORT_KEYS: Record<TenantSort, readonly KeyColumn[]> = {
  name: [{ column: "sortName", kind: "text" }],
  status: [
    { column: "status", kind: "text" },
    { column: "sortName", kind: "text" },
  ],
  mrr: [{ column: "mrr", kind: "int" }],
  nextRenewal: [{ column: "nextRenewalAt", kind: "timestamp" }],
  lastPayment: [{ column: "lastPaymentAt", kind: "timestamp" }],
  failedAttempts: [{ column: "failedAttempts", kind: "int" }],
};

type KeyColumn = { column: "sortName" | "status" | "mrr" | "nextRenewalAt" | "lastPaymentAt" | "failedAttempts"; kind: "text" | "int" | "timestamp" };
type KeyValue = string | number;

export const tenantListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(TENANT_STATUS_FILTERS).optional().catch(undefined),
  sort: z.enum(TENANT_SORTS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(1000).default(50).catch(50),
});
export type TenantListQuery = z.output<typeof tenantListQuerySchema>;

export type TenantListRow = {
  tenantId: string;
  name: string;
  slug: string;
  stripeCustomerId: string | null;
  planName: string | null;
  status: string;
  mrr: number;
  currency: string;
  nextRenewalAt: Date | null;
  lastPaymentAt: Date | null;
  failedAttempts: number;
  cancelAtPeriodEnd: boolean;
};

export type TenantListPage = {
  rows: TenantListRow[];
  /** Tenants matching; a search stops counting at SEARCH_COUNT_CAP (then `totalCapped`: "10,000+"). */
  total: number;
  totalCapped: boolean;
  /** Cursor for the page after this one; null on the last page. */
  nextCursor: string | null;
  /** Cursor for the page before this one; null on the first page. */
  prevCursor: string | null;
};

/** A summary row as stored: no renewal or payment is a sentinel date (NO_RENEWAL, NO_PAYMENT) so keyset order works. */
type DbRow = Omit<TenantListRow, "nextRenewalAt" | "lastPaymentAt"> & { nextRenewalAt: Date; lastPaymentAt: Date; sortName: string };
/** As `$queryRaw` returns it: "mrr" is int8. */
type RawRow = Omit<DbRow, "mrr"> & { mrr: bigint };

const fromRaw = (row: RawRow): DbRow => ({ ...row, mrr: fromBigint(row.mrr) });

/** A search counts this many matches at most: a million-row count per keystroke is not worth its time. */
const SEARCH_COUNT_CAP = 10_000;

const NO_RENEWAL = Date.UTC(9999, 11, 31);
const NO_PAYMENT = 0;

function encodeCursor(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** A cursor that does not decode to the sort's key shape is ignored (first page) rather than an error. */
function decodeCursor(cursor: string | undefined, keys: readonly KeyColumn[]): KeyValue[] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== keys.length + 1) return null;
    const values: KeyValue[] = [];
    for (const [index, key] of [...keys, { column: "tenantId", kind: "text" } as const].entries()) {
      const value: unknown = parsed[index];
      if (key.kind === "int" ? typeof value !== "number" || !Number.isInteger(value) : typeof value !== "string") return null;
      if (key.kind === "timestamp" && Number.isNaN(Date.parse(value as string))) return null;
      values.push(value as KeyValue);
    }
    return values;
  } catch {
    return null;
  }
}

function keyOf(row: DbRow, keys: readonly KeyColumn[]): KeyValue[] {
  const values: KeyValue[] = keys.map(({ column }) => {
    const value = row[column];
    return value instanceof Date ? value.toISOString() : value;
  });
  values.push(row.tenantId);
  return values;
}

function param(value: KeyValue, kind: KeyColumn["kind"] | "text"): Prisma.Sql {
  if (kind === "int") return Prisma.sql`CAST(${value} AS bigint)`;
  if (kind === "timestamp") return Prisma.sql`CAST(${value} AS timestamptz)`;
  return Prisma.sql`CAST(${value} AS text)`;
}

function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filters(query: Pick<TenantListQuery, "q" | "status">): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.status) where.push(Prisma.sql`"status" = ${query.status}`);
  if (query.q && query.q.includes("@")) {
    // A user's email (the whole address; addresses are stored lower-case): the tenants they are a member of,
    // found through User's unique email index and Membership's (userId, tenantId) one.
    where.push(Prisma.sql`"tenantId" IN (
      SELECT m."tenantId" FROM "User" u JOIN "Membership" m ON m."userId" = u."id" WHERE u."email" = ${query.q.toLowerCase()})`);
  } else if (query.q) {
    const pattern = likePattern(query.q);
    where.push(
      Prisma.sql`("sortName" LIKE ${pattern} OR "slug" LIKE ${pattern} OR "stripeCustomerId" = ${query.q} OR "tenantId" = ${query.q})`,
    );
  }
  return where;
}

function whereClause(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

export async function listTenants(input: Partial<TenantListQuery> = {}): Promise<TenantListPage> {
  const query = tenantListQuerySchema.parse(input);
  const keys = SORT_KEYS[query.sort];
  const columns = [...keys.map(({ column }) => column), "tenantId"];
  const kinds = [...keys.map(({ kind }) => kind), "text" as const];
  const columnList = Prisma.raw(columns.map((c) => `"${c}"`).join(", "));

  const backwards = !query.after && Boolean(query.before);
  const cursor = decodeCursor(backwards ? query.before : query.after, keys);
  // Walking backwards is the same index scan in the other direction, then reversed.
  const descending = (query.dir === "desc") !== backwards;
  const order = Prisma.raw(columns.map((c) => `"${c}" ${descending ? "DESC" : "ASC"}`).join(", "));

  const base = filters(query);
  const paged = [...base];
  if (cursor) {
    const tuple = Prisma.join(cursor.map((value, i) => param(value, kinds[i] ?? "text")), ", ");
    paged.push(descending ? Prisma.sql`(${columnList}) < (${tuple})` : Prisma.sql`(${columnList}) > (${tuple})`);
  }

  const db = getDb();
  const [raw, counted] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      SELECT "tenantId", "name", "slug", "stripeCustomerId", "planName", "status", "mrr", "currency",
             "nextRenewalAt", "lastPaymentAt", "failedAttempts", "cancelAtPeriodEnd", "sortName"
      FROM "TenantBillingSummary" ${whereClause(paged)}
      ORDER BY ${order}
      LIMIT ${query.limit + 1}`,
    countTenants(query),
  ]);

  const rows = raw.map(fromRaw);
  const more = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  if (backwards) pageRows.reverse();
  const first = pageRows[0];
  const last = pageRows[pageRows.length - 1];
  // Forward: there is a previous page iff we came from a cursor. Backward: a next page always exists.
  const hasPrev = backwards ? more : Boolean(cursor);
  const hasNext = backwards ? Boolean(cursor) : more;

  return {
    rows: pageRows.map(toListRow),
    total: Math.min(counted, SEARCH_COUNT_CAP),
    totalCapped: counted > SEARCH_COUNT_CAP,
    nextCursor: hasNext && last ? encodeCursor(keyOf(last, keys)) : null,
    prevCursor: hasPrev && first ? encodeCursor(keyOf(first, keys)) : null,
  };
}

/**
 * Without a search, the per-status counts the database keeps (TenantStatusCount) answer at once at any size; a
 * search counts its matches up to one past the cap.
 */
async function countTenants(query: TenantListQuery): Promise<number> {
  const db = getDb();
  if (!query.q) {
    const status = query.status ? Prisma.sql`WHERE "status" = ${query.status}` : Prisma.empty;
    const [row] = await db.$queryRaw<{ total: number }[]>`SELECT coalesce(sum("count"), 0)::int AS "total" FROM "TenantStatusCount" ${status}`;
    return row?.total ?? 0;
  }
  const [row] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS "total" FROM (SELECT 1 FROM "TenantBillingSummary" ${whereClause(filters(query))} LIMIT ${SEARCH_COUNT_CAP + 1}) AS matches`;
  return row?.total ?? 0;
}

function toListRow(row: DbRow): TenantListRow {
  return {
    tenantId: row.tenantId,
    name: row.name,
    slug: row.slug,
    stripeCustomerId: row.stripeCustomerId,
    planName: row.planName,
    status: row.status,
    mrr: row.mrr,
    currency: row.currency,
    nextRenewalAt: row.nextRenewalAt.getTime() >= NO_RENEWAL ? null : row.nextRenewalAt,
    lastPaymentAt: row.lastPaymentAt.getTime() <= NO_PAYMENT ? null : row.lastPaymentAt,
    failedAttempts: row.failedAttempts,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
  };
}

/** Every tenant matching the filters, in batches, for the CSV export; never holds more than one batch. */
export async function* iterateTenants(
  input: Pick<Partial<TenantListQuery>, "q" | "status" | "sort" | "dir">,
  batchSize = 1000,
): AsyncGenerator<TenantListRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await listTenants({ ...input, after, limit: batchSize });
    if (page.rows.length > 0) yield page.rows;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

/** The cursor that starts the page after row `offset` of a listing; the bench uses it to reach deep pages. */
export async function cursorAtOffset(input: Partial<TenantListQuery>, offset: number): Promise<string | null> {
  const query = tenantListQuerySchema.parse(input);
  const keys = SORT_KEYS[query.sort];
  const columns = [...keys.map(({ column }) => column), "tenantId"];
  const order = Prisma.raw(columns.map((c) => `"${c}" ${query.dir === "desc" ? "DESC" : "ASC"}`).join(", "));
  const rows = await getDb().$queryRaw<RawRow[]>`
    SELECT "tenantId", "name", "slug", "stripeCustomerId", "planName", "status", "mrr", "currency",
           "nextRenewalAt", "lastPaymentAt", "failedAttempts", "cancelAtPeriodEnd", "sortName"
    FROM "TenantBillingSummary" ${whereClause(filters(query))}
    ORDER BY ${order} OFFSET ${offset - 1} LIMIT 1`;
  const row = rows[0];
  return row ? encodeCursor(keyOf(fromRaw(row), keys)) : null;
}
