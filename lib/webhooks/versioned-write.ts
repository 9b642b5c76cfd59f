/** The Stripe `created` second and id of the event a write comes from. */
export type EventVersion = { created: number; eventId: string };

export type RowVersion = { lastEventCreated: number; lastEventId: string | null };

export type WriteDecision = "apply" | "skip" | "refetch";

/**
 * Stripe delivers in any order and `created` has one-second resolution. Newer wins, older is dropped, and on a
 * tie between two different events neither payload can be trusted as the latest, so the caller refetches.
 * `fresh` marks an object just read from Stripe: on a tie it is at least as new as whatever is stored.
 */
export function decideWrite(current: RowVersion, incoming: EventVersion, fresh = false): WriteDecision {
  if (incoming.created > current.lastEventCreated) return "apply";
  if (incoming.created < current.lastEventCreated) return "skip";
  if (fresh || current.lastEventId === incoming.eventId) return "apply";
  return "refetch";
}
