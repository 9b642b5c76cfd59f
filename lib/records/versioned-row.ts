import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "@/lib/db/client";
import { fromNullableBigint } from "@/lib/db/from-bigint";
import { prepared } from "@/lib/db/prepared";
import { tenantSql } from "./tenant-of";
import { guardSql, type EventVersion } from "./version-guard";

/**
 * One Stripe object as one row of ours (Subscription, Invoice, Payment): what an event writes, how the row finds
 * its tenant, and the audit row a change deserves. Built by each table's record module (subscription-record.ts,
 * …); written by `versionedWriteSql`, the one SQL shape of the webhook fast path, the event's transaction and a
 * reconcile repair.
 */
export type VersionedRow = {
  table: "Subscription" | "Invoice" | "Payment";
  keyColumn: "stripeSubscriptionId" | "stripeInvoiceId" | "stripeChargeId";
  key: string;
  /** Every column an event sets, as a typed SQL value: written on insert and on every applied update. */
  values: Record<string, Prisma.Sql>;
  tenantHints: { metadataTenantId: string | null; stripeCustomerId: string | null };
  /** On an object's first sight, link its customer to the tenant its metadata names (subscriptions). */
  linksCustomer: boolean;
  /** `changed`, `before` and `after` may read the row as it was through `"old"`. */
  audit: { action: string; changed: Prisma.Sql; before: Prisma.Sql; after: Prisma.Sql };
  /**
   * A condition on the row as it was (`"old"`) that a `values` entry relies on; when it does not hold, nothing is
   * written, and the caller learns what is missing (from Stripe) and writes again without it.
   */
  requires?: Prisma.Sql;
};

/** What a versioned write saw and did. `old…` describe the row before the statement, under its lock. */
export type RowWrite = {
  claimed: boolean;
  tenantId: string | null;
  rowId: string | null;
  written: number;
  /** This statement linked the object's customer to the tenant (a first-seen subscription). */
  linked: boolean;
  oldCreated: number | null;
  oldEventId: string | null;
};

/** A `RowWrite` as the statement returns it: `oldCreated` is int8 (bigint through Prisma, a string through pg). */
export type RowWriteResult = Omit<RowWrite, "oldCreated"> & { oldCreated: bigint | string | number | null };

export function toRowWrite(result: RowWriteResult): RowWrite {
  return { ...result, oldCreated: fromNullableBigint(result.oldCreated) };
}

export type WriteOptions = {
  /** The event's stamp on the row, and the audit actor. */
  version: EventVersion;
  actor: string;
  /** The version guard on the update (version-guard.ts `guardSql`). */
  apply: "newer" | "not-older" | "always";
  /**
   * The fast path's ledger claim, as a CTE body that may read "tenant", "old" and "written" and yields a row when
   * this copy claimed the event. Omitted inside the event's own transaction, which claimed it already.
   */
  claim?: Prisma.Sql;
  /**
   * With `claim`: true when the ledger already shows the event applied. The version guard alone would let a late
   * copy of an old event write over a row something else created without a version (a reconcile repair).
   */
  alreadyApplied?: Prisma.Sql;
  /**
   * With `claim`: a data-modifying CTE body that reads "claim" (a row when this copy claimed the event), such as
   * queueing the decision of the event's billing emails, so its effect commits exactly with the claim.
   */
  afterClaim?: Prisma.Sql;
  /** Instead of the record's own audit rule: this entry, written whenever the row is written (a reconcile repair). */
  audit?: { action: string; before: object | null; after: object; reason: string };
};

const ALREADY_CLAIMED = Prisma.sql`SELECT 1`;

const quote = (name: string) => `"${name}"`;

/**
 * One statement: find the tenant, lock the row and read its version, link a first-seen customer, insert or
 * apply the newer state, claim the event (fast path), and audit the change once. The object row is locked
 * before the ledger row, as `lockVersionedRow` makes the transactional path do, so the two never deadlock.
 * Selects one `RowWrite`.
 */
export function versionedWriteSql(row: VersionedRow, options: WriteOptions): Prisma.Sql {
  const table = Prisma.raw(quote(row.table));
  const key = Prisma.raw(quote(row.keyColumn));
  const columns = Object.keys(row.values);
  const { stripeCustomerId } = row.tenantHints;
  const { version } = options;
  const guard = guardSql(table, options.apply);
  // "tenant" reads "old", and everything else reads "tenant": so the row is locked and read before any write of
  // this statement touches it (a row this statement has already updated would be invisible to "old").
  const ctes = [
    Prisma.sql`"old" AS (SELECT * FROM ${table} WHERE ${key} = ${row.key} FOR UPDATE)`,
    // The tenant rule (tenant-of.ts): null when the hints disagree, and then the statement writes nothing.
    Prisma.sql`"tenant" AS (${tenantSql(row.tenantHints)})`,
  ];
  if (row.linksCustomer) {
    ctes.push(Prisma.sql`"link" AS (
      UPDATE "Tenant" SET "stripeCustomerId" = ${stripeCustomerId}::text, "updatedAt" = now()
      WHERE "id" = (SELECT "id" FROM "tenant") AND "stripeCustomerId" IS NULL AND ${stripeCustomerId}::text IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "old")
        AND NOT EXISTS (SELECT 1 FROM "Tenant" WHERE "stripeCustomerId" = ${stripeCustomerId}::text)
      RETURNING 1)`);
  }
  ctes.push(
    // Not gated on the claim, which comes after it to keep the lock order: a second copy of an event finds the
    // ledger row applied or, racing, is stopped by the guard (same version); the audit below waits for the claim.
    Prisma.sql`"written" AS (
      INSERT INTO ${table} ("id", "tenantId", ${key}, ${Prisma.raw(columns.map(quote).join(", "))},
        "lastEventCreated", "lastEventId", "updatedAt")
      SELECT ${randomUUID()}::text, "tenant"."id", ${row.key}::text, ${Prisma.join(Object.values(row.values))},
        ${version.created}::bigint, ${version.eventId}::text, now()
      FROM "tenant" WHERE "tenant"."id" IS NOT NULL AND NOT (${options.alreadyApplied ?? Prisma.sql`false`})
        AND coalesce(${row.requires ?? Prisma.sql`true`}, false)
      ON CONFLICT (${key}) DO UPDATE SET ${Prisma.raw(columns.map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`).join(", "))},
        "lastEventCreated" = EXCLUDED."lastEventCreated", "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
      ${guard}
      RETURNING "id")`,
    Prisma.sql`"claim" AS (${options.claim ?? ALREADY_CLAIMED})`,
    auditSql(row, options),
  );
  // A data-modifying CTE runs whether or not the statement reads it.
  if (options.afterClaim) ctes.push(Prisma.sql`"after_claim" AS (${options.afterClaim})`);
  return prepared(Prisma.sql`WITH ${Prisma.join(ctes, ", ")}
    SELECT EXISTS (SELECT 1 FROM "claim") AS "claimed", (SELECT "id" FROM "tenant") AS "tenantId",
      COALESCE((SELECT "id" FROM "old"), (SELECT "id" FROM "written")) AS "rowId",
      (SELECT count(*) FROM "written")::int AS "written",
      ${row.linksCustomer ? Prisma.sql`EXISTS (SELECT 1 FROM "link")` : Prisma.sql`false`} AS "linked",
      (SELECT "lastEventCreated" FROM "old") AS "oldCreated", (SELECT "lastEventId" FROM "old") AS "oldEventId"`);
}

/** The audit rule: the record's own (when its `changed` holds), or the caller's entry whenever the row is written. */
function auditSql(row: VersionedRow, options: WriteOptions): Prisma.Sql {
  const written = Prisma.sql`EXISTS (SELECT 1 FROM "written") AND EXISTS (SELECT 1 FROM "claim")`;
  const entry = options.audit;
  if (entry) {
    return Prisma.sql`"audit" AS (
      INSERT INTO "AuditLog" ("id", "tenantId", "actor", "action", "before", "after", "reason")
      SELECT ${randomUUID()}::text, "tenant"."id", ${options.actor}::text, ${entry.action}::text,
        ${entry.before === null ? null : JSON.stringify(entry.before)}::jsonb, ${JSON.stringify(entry.after)}::jsonb, ${entry.reason}::text
      FROM "tenant" WHERE ${written})`;
  }
  return Prisma.sql`"audit" AS (
      INSERT INTO "AuditLog" ("id", "tenantId", "actor", "action", "before", "after")
      SELECT ${randomUUID()}::text, "tenant"."id", ${options.actor}::text, ${row.audit.action}::text, ${row.audit.before}, ${row.audit.after}
      FROM "tenant" WHERE ${written} AND (${row.audit.changed}))`;
}

/** Runs `versionedWriteSql` on the client or transaction given. */
export async function writeVersionedRow(db: Tx | Db, row: VersionedRow, options: WriteOptions): Promise<RowWrite> {
  const [result] = await db.$queryRaw<RowWriteResult[]>(versionedWriteSql(row, options));
  if (!result) throw new Error(`${row.table} ${row.key}: the write returned no row`);
  return toRowWrite(result);
}

/**
 * Inside a transaction, before it claims the event: takes the object row's lock, so the transactional path locks
 * object then ledger, in the one-statement path's order.
 */
export async function lockVersionedRow(tx: Tx, row: VersionedRow): Promise<void> {
  await tx.$queryRaw(Prisma.sql`SELECT 1 FROM ${Prisma.raw(quote(row.table))} WHERE ${Prisma.raw(quote(row.keyColumn))} = ${row.key} FOR UPDATE`);
}
