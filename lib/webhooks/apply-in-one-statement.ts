import "server-only";
import type Stripe from "stripe";
import { queryOnPool } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { isSettled, settledSql } from "@/lib/records/version-guard";
import { toRowWrite, versionedWriteSql, type RowWriteResult, type VersionedRow } from "@/lib/records/versioned-row";
import { mayCauseBillingEmail } from "@/lib/mail/billing-emails";
import { oneRowOf } from "./apply-event";
import { pendingDecisionSql } from "./email-decisions";
import { InjectedFault, shouldInjectFault } from "./fault-injection";
import { alreadyAppliedSql, claimAsProcessedSql } from "./ledger";

// The webhook hot path. Most events are one object's new state: applying it, claiming the event and auditing the
// change fit in ONE statement, which is its own transaction (a crash or an error leaves nothing applied), with
// one round trip instead of a Prisma interactive transaction's five. What that statement cannot settle by itself
// it leaves untouched for the transactional path, which runs the event's handler as before. Which events qualify
// is the registry's: those applied by a record module with a versioned row (apply-event.ts `oneRowOf`), whose
// statement here is the write that record makes first inside a transaction.

export type OneStatementResult =
  | { outcome: "processed"; tenantId: string; linkedCustomerIds?: string[] }
  | { outcome: "duplicate" }
  | { outcome: "declined" };

/**
 * The statement: the record's versioned write of `row`, claiming the event in the ledger when it settles it, and
 * queueing the decision of its billing emails when the event may cause one (email-decisions.ts).
 */
export function oneStatementSql(event: Stripe.Event, row: VersionedRow, payload: object): Prisma.Sql {
  const version = { created: event.created, eventId: event.id };
  // Settled without Stripe: the newer state was written, a newer event's state is kept, or this very event
  // wrote it already (a duplicate, which then finds the ledger row processed and claims nothing).
  const settled = Prisma.sql`EXISTS (SELECT 1 FROM "written") OR ${settledSql(version)}`;
  return versionedWriteSql(row, {
    version,
    actor: `stripe:${event.id}`,
    apply: "newer",
    claim: claimAsProcessedSql(event, payload, settled),
    alreadyApplied: alreadyAppliedSql(event.id),
    ...(mayCauseBillingEmail(event) && { afterClaim: pendingDecisionSql(event.id) }),
  });
}

/**
 * Applies and claims an event in one statement. "declined": nothing was written or claimed; the caller runs the
 * handler in a transaction instead. That happens for types without a one-statement record, when no tenant is known yet
 * (it may have to be looked up in Stripe), when the row lacks what the record's write `requires` (a subscription's
 * coupon terms for other discount ids than it recorded), and, seen under the row lock, on a tie between two events (a refetch)
 * or a concurrent first write of the object: the cases `syncVersionedRow` takes extra steps for.
 */
export async function applyInOneStatement(event: Stripe.Event, payload: object): Promise<OneStatementResult> {
  // A payload in another API version is not mappable as it is (handleStripeEvent reads it at the pinned version).
  if (event.api_version !== STRIPE_API_VERSION) return { outcome: "declined" };
  const row = oneRowOf(event);
  if (!row) return { outcome: "declined" };
  // The resilience suite's fault: failing before the statement is what failing inside it looks like afterwards.
  if (shouldInjectFault()) throw new InjectedFault(event.id);
  // On the pool directly, not through `$queryRaw`: the same statement, prepared by the same name (see queryOnPool).
  const [raw] = await queryOnPool<RowWriteResult>(oneStatementSql(event, row, payload));
  if (!raw) throw new Error(`${row.table} ${row.key}: the write returned no row`);
  return outcomeOf(event, row, raw);
}

/** What the statement's answer means for the event: applied and claimed, settled before, or left to the transaction. */
export function outcomeOf(event: Stripe.Event, row: VersionedRow, raw: RowWriteResult): OneStatementResult {
  const version = { created: event.created, eventId: event.id };
  const result = toRowWrite(raw);
  if (result.claimed && result.tenantId) {
    const linked = result.linked ? row.tenantHints.stripeCustomerId : null;
    return { outcome: "processed", tenantId: result.tenantId, ...(linked && { linkedCustomerIds: [linked] }) };
  }
  const old = result.oldCreated === null ? null : { lastEventCreated: result.oldCreated, lastEventId: result.oldEventId };
  const settledAlready = isSettled(old, version);
  return result.tenantId !== null && settledAlready ? { outcome: "duplicate" } : { outcome: "declined" };
}
