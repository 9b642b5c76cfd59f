import "server-only";
import type Stripe from "stripe";
import { enforceAfterEvent } from "@/lib/billing/enforce-one-live-subscription";
import { getLogger } from "@/lib/log";
import type { EventRecord } from "@/lib/records/event-record";
import { invoiceRecord } from "@/lib/records/invoice-record";
import { paymentMethodRecord } from "@/lib/records/payment-method-record";
import { paymentRecord } from "@/lib/records/payment-record";
import { subscriptionRecord } from "@/lib/records/subscription-record";
import type { VersionedRow } from "@/lib/records/versioned-row";
import {
  entryOf,
  HANDLED_EVENT_TYPES,
  isHandledEvent,
  type EffectName,
  type EventOf,
  type HandledEvent,
  type HandledEventType,
  type HandlerName,
  type RecordName,
  type RecordObjects,
  type TypesHandledBy,
} from "./event-registry";
import { maybeInjectFault } from "./fault-injection";
import type { HandlerContext, HandlerResult } from "./handler-context";
import { chargeRefunded } from "./handlers/charge-refunded";
import { checkoutSessionCompleted } from "./handlers/checkout-session-completed";
import { invoicePaymentPaid } from "./handlers/invoice-payment-paid";

// The registry's names bound to code. A name the registry uses without an entry here, or a handler whose
// signature takes other events than the registry sends it, does not compile.

const RECORDS: { [R in RecordName]: EventRecord<RecordObjects[R]> } = {
  subscription: subscriptionRecord,
  invoice: invoiceRecord,
  payment: paymentRecord,
  paymentMethod: paymentMethodRecord,
};

type Handler<H extends HandlerName> = (event: EventOf<TypesHandledBy<H>>, ctx: HandlerContext) => Promise<HandlerResult>;

const HANDLERS: { [H in HandlerName]: Handler<H> } = {
  "checkout-session-completed": checkoutSessionCompleted,
  "invoice-payment-paid": invoicePaymentPaid,
  "charge-refunded": chargeRefunded,
};

/**
 * After-apply effects, by the name the registry gives them. Each runs once the event's state has committed
 * (fast path or transaction), only when this delivery applied it (not on a duplicate); a failure is logged and
 * does not fail the event, so an effect must be safe to repeat and decide for itself whether it is due.
 */
const EFFECTS: { [E in EffectName]: (event: HandledEvent) => Promise<void> } = {
  "enforce-one-live-subscription": enforceAfterEvent,
};

// The registry's entries are keyed by the event's own type, so the record or handler matches the event's object;
// TypeScript cannot correlate the two through the lookup, hence the widening casts below.
function recordOf(event: HandledEvent): EventRecord<Stripe.Event.Data.Object> | null {
  const name = entryOf(event.type).record;
  return name ? (RECORDS[name] as EventRecord<Stripe.Event.Data.Object>) : null;
}

/** The row a one-statement event writes (its record's versioned row), or null: the event takes the transaction. */
export function oneRowOf(event: Stripe.Event): VersionedRow | null {
  if (!isHandledEvent(event)) return null;
  return recordOf(event)?.rowOf?.(event.data.object) ?? null;
}

/** The types the fast path may apply in one statement: those whose record has a versioned row. */
export const ONE_STATEMENT_EVENT_TYPES: readonly HandledEventType[] = HANDLED_EVENT_TYPES.filter((type) => {
  const name = entryOf(type).record;
  return name !== undefined && RECORDS[name].rowOf !== undefined;
});

/** Applies a handled event inside its transaction: through its record module, or its handler. */
export async function applyEvent(event: HandledEvent, ctx: HandlerContext): Promise<HandlerResult> {
  const record = recordOf(event);
  const handlerName = entryOf(event.type).handler;
  let result: HandlerResult;
  if (record) result = await record.apply(ctx, event.data.object);
  else if (handlerName) result = await (HANDLERS[handlerName] as (event: HandledEvent, ctx: HandlerContext) => Promise<HandlerResult>)(event, ctx);
  else throw new Error(`${event.type}: the registry names neither a record nor a handler`);
  maybeInjectFault(event.id);
  return { tenantId: result.tenantId };
}

/** Runs the registry's after-apply effects of an event this delivery applied. */
export async function runEffects(event: HandledEvent): Promise<void> {
  for (const name of entryOf(event.type).effects ?? []) {
    try {
      await EFFECTS[name](event);
    } catch (error) {
      getLogger().error({ eventId: event.id, effect: name, err: error instanceof Error ? error.message : String(error) }, "after-apply effect failed");
    }
  }
}
