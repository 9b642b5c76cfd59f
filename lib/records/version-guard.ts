import { Prisma } from "@/lib/generated/prisma/client";

// The version guard, said once: every billing row carries the `created` second and id of the event (or reconcile
// run) whose state it holds. Stripe delivers in any order and `created` has one-second resolution.

/** The Stripe `created` second and id of the event a write comes from. */
export type EventVersion = { created: number; eventId: string };

export type RowVersion = { lastEventCreated: number; lastEventId: string | null };

export type WriteDecision = "apply" | "skip" | "refetch";

/**
 * Newer wins, older is dropped, and on a tie between two different events neither payload can be trusted as the
 * latest, so the caller refetches. `fresh` marks an object just read from Stripe: on a tie it is at least as new
 * as whatever is stored.
 */
export function decideWrite(current: RowVersion, incoming: EventVersion, fresh = false): WriteDecision {
  if (incoming.created > current.lastEventCreated) return "apply";
  if (incoming.created < current.lastEventCreated) return "skip";
  if (fresh || current.lastEventId === incoming.eventId) return "apply";
  return "refetch";
}

/** The event is settled: the row already holds its state (a duplicate) or a newer event's. */
export function isSettled(current: RowVersion | null, incoming: EventVersion): boolean {
  if (!current) return false;
  return (
    current.lastEventCreated > incoming.created ||
    (current.lastEventCreated === incoming.created && current.lastEventId === incoming.eventId)
  );
}

/** `isSettled` in SQL, over the row as read (and locked) by a statement's `"old"` CTE. */
export function settledSql(incoming: EventVersion): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "old" WHERE "lastEventCreated" > ${incoming.created}::bigint
    OR ("lastEventCreated" = ${incoming.created}::bigint AND "lastEventId" = ${incoming.eventId}::text))`;
}

/**
 * The guard on an upsert's UPDATE: `newer` applies only over an older event's state; `not-older` also over the
 * same second (a reconcile repair, stamped with its start); `always` when the caller already decided (a tie).
 */
export function guardSql(table: Prisma.Sql, apply: "newer" | "not-older" | "always"): Prisma.Sql {
  if (apply === "newer") return Prisma.sql`WHERE ${table}."lastEventCreated" < EXCLUDED."lastEventCreated"`;
  if (apply === "not-older") return Prisma.sql`WHERE ${table}."lastEventCreated" <= EXCLUDED."lastEventCreated"`;
  return Prisma.empty;
}
