import "server-only";
import type Stripe from "stripe";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import type { EventVersion } from "@/lib/records/version-guard";

export type AuditEntry = {
  tenantId: string | null;
  action: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  reason?: string;
};

/** What every handler gets: the transaction that also holds the ledger claim, and where to put audit rows. */
export type HandlerContext = {
  tx: Tx;
  event: Stripe.Event;
  version: EventVersion;
  /** "stripe:<event id>": the actor of every audit row this event writes. */
  actor: string;
  /** Audit rows collected while handling; written with the ledger update, in the same transaction. */
  audits: AuditEntry[];
  /** Customers this event linked to a tenant: their parked "unmatched" events are applied after it commits. */
  linkedCustomerIds: string[];
};

/** The tenant an event concerned, recorded on the ledger row for the admin console. */
export type HandlerResult = { tenantId: string | null };
