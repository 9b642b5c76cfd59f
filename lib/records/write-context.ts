import type { Tx } from "@/lib/db/client";
import type { EventVersion } from "./version-guard";

/** What a record write inside an event's transaction needs: the transaction, the event's version and actor. */
export type WriteContext = {
  tx: Tx;
  version: EventVersion;
  /** "stripe:<event id>": the actor of every audit row this write makes. */
  actor: string;
  /** Customers this write linked to a tenant: their parked "unmatched" events are applied after it commits. */
  linkedCustomerIds: string[];
};
