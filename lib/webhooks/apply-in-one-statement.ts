import "server-only";
import type Stripe from "stripe";
import { queryOnPool } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { invoiceFields, paymentFields, subscriptionFields } from "@/lib/stripe/mappers";
import { InjectedFault, shouldInjectFault } from "./fault-injection";
import type { HandledEventType } from "./handlers";
import { alreadyAppliedSql, claimAsProcessedSql } from "./ledger";
import { invoiceRow } from "./sync/sync-invoice";
import { paymentRow } from "./sync/sync-payment";
import { subscriptionRow } from "./sync/sync-subscription";
import { versionedWriteSql, type RowWrite, type VersionedRow } from "./sync/versioned-row";

// The webhook hot path. Most events are one object's new state: applying it, claiming the event and auditing the
// change fit in ONE statement, which is its own transaction (a crash or an error leaves nothing applied), with
// one round trip instead of a Prisma interactive transaction's five. What that statement cannot settle by itself
// it leaves untouched for the transactional path, which runs the event's handler as before.

type RowOf = (object: Stripe.Event.Data.Object) => VersionedRow;

const subscription: RowOf = (object) => subscriptionRow(subscriptionFields(object as Stripe.Subscription));
const invoice: RowOf = (object) => invoiceRow(invoiceFields(object as Stripe.Invoice));
const charge: RowOf = (object) => paymentRow(paymentFields(object as Stripe.Charge));

/**
 * Event types whose handler is exactly "sync this object's row" (syncSubscription / syncInvoice / syncPayment on
 * the payload): the statement here is the write those handlers make first. Others (checkout links, refunds,
 * payment methods, invoice payments) always take the transactional path.
 */
const ONE_ROW_EVENTS: Partial<Record<HandledEventType, RowOf>> = {
  "customer.subscription.created": subscription,
  "customer.subscription.updated": subscription,
  "customer.subscription.deleted": subscription,
  "customer.subscription.paused": subscription,
  "customer.subscription.resumed": subscription,
  "customer.subscription.trial_will_end": subscription,
  "invoice.created": invoice,
  "invoice.updated": invoice,
  "invoice.finalized": invoice,
  "invoice.paid": invoice,
  "invoice.payment_succeeded": invoice,
  "invoice.payment_failed": invoice,
  "invoice.payment_action_required": invoice,
  "invoice.voided": invoice,
  "invoice.marked_uncollectible": invoice,
  "charge.succeeded": charge,
  "charge.failed": charge,
  "charge.updated": charge,
};

export const ONE_STATEMENT_EVENT_TYPES = Object.keys(ONE_ROW_EVENTS) as HandledEventType[];

/** The row a one-row event writes, or null for the types that always take the transactional path. */
export function oneRowOf(event: Stripe.Event): VersionedRow | null {
  return ONE_ROW_EVENTS[event.type as HandledEventType]?.(event.data.object) ?? null;
}

export type OneStatementResult =
  | { outcome: "processed"; tenantId: string; linkedCustomerIds?: string[] }
  | { outcome: "duplicate" }
  | { outcome: "declined" };

/**
 * Applies and claims an event in one statement. "declined": nothing was written or claimed; the caller runs the
 * handler in a transaction instead. That happens for types outside ONE_ROW_EVENTS, when no tenant is known yet
 * (it may have to be looked up in Stripe), and, seen under the row lock, on a tie between two events (a refetch)
 * or a concurrent first write of the object: the cases `syncVersionedRow` takes extra steps for.
 */
export async function applyInOneStatement(event: Stripe.Event, payload: object): Promise<OneStatementResult> {
  // A payload in another API version is not mappable as it is (handleStripeEvent reads it at the pinned version).
  if (event.api_version !== STRIPE_API_VERSION) return { outcome: "declined" };
  const row = oneRowOf(event);
  if (!row) return { outcome: "declined" };
  // The resilience suite's fault: failing before the statement is what failing inside it looks like afterwards.
  if (shouldInjectFault()) throw new InjectedFault(event.id);
  const version = { created: event.created, eventId: event.id };
  // Settled without Stripe: the newer state was written, a newer event's state is kept, or this very event
  // wrote it already (a duplicate, which then finds the ledger row processed and claims nothing).
  const settled = Prisma.sql`EXISTS (SELECT 1 FROM "written") OR EXISTS (SELECT 1 FROM "old"
    WHERE "lastEventCreated" > ${version.created}::int
      OR ("lastEventCreated" = ${version.created}::int AND "lastEventId" = ${version.eventId}::text))`;
  // On the pool directly, not through `$queryRaw`: the same statement, prepared by the same name (see queryOnPool).
  const [result] = await queryOnPool<RowWrite>(
    versionedWriteSql(row, {
      version,
      actor: `stripe:${event.id}`,
      apply: "newer",
      claim: claimAsProcessedSql(event, payload, settled),
      alreadyApplied: alreadyAppliedSql(event.id),
    }),
  );
  if (!result) throw new Error(`${row.table} ${row.key}: the write returned no row`);
  if (result.claimed && result.tenantId) {
    const linked = result.linked ? row.tenantHints.stripeCustomerId : null;
    return { outcome: "processed", tenantId: result.tenantId, ...(linked && { linkedCustomerIds: [linked] }) };
  }
  const settledAlready = result.oldCreated !== null && (result.oldCreated > version.created || result.oldEventId === version.eventId);
  return result.tenantId !== null && settledAlready ? { outcome: "duplicate" } : { outcome: "declined" };
}
