import type { VersionedRow } from "./versioned-row";
import type { WriteContext } from "./write-context";

/**
 * A billing table's record module as the event registry (lib/webhooks/event-registry.ts) applies it: `apply`
 * inside the event's transaction; `rowOf`, when the table is a versioned row, the one statement the webhook fast
 * path writes instead (the same SQL `apply` starts with). A record without `rowOf` always takes the transaction;
 * so does an object whose `rowOf` is null (its payload lacks something only Stripe can tell, e.g. coupon terms).
 */
export type EventRecord<O> = {
  apply: (ctx: WriteContext, object: O) => Promise<{ tenantId: string | null }>;
  rowOf?: (object: O) => VersionedRow | null;
};
