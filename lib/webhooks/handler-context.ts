import "server-only";
import type Stripe from "stripe";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { WriteContext } from "@/lib/records/write-context";

export type AuditEntry = {
  tenantId: string | null;
  action: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  reason?: string;
};

/** What every handler gets: a record write's context (the transaction that also holds the ledger claim, the
 * event's version and actor), the event, and where to put audit rows. */
export type HandlerContext = WriteContext & {
  event: Stripe.Event;
  /** Audit rows collected while handling; written with the ledger update, in the same transaction. */
  audits: AuditEntry[];
};

/** The tenant an event concerned, recorded on the ledger row for the admin console. */
export type HandlerResult = { tenantId: string | null };
