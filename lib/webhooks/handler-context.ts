import "server-only";
import type Stripe from "stripe";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventVersion } from "./versioned-write";

export type Tx = Prisma.TransactionClient;

/** What every handler gets: the transaction that also holds the ledger claim, and who to name in audit rows. */
export type HandlerContext = {
  tx: Tx;
  event: Stripe.Event;
  version: EventVersion;
  actor: string;
};

/** The tenant an event concerned, recorded on the ledger row for the admin console. */
export type HandlerResult = { tenantId: string | null };
