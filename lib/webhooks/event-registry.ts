import type Stripe from "stripe";

// The one registry of handled Stripe events: each type declared once, with the record module that applies it
// (lib/records) or its own handler file when it needs more (lib/webhooks/handlers/<event>.ts), and the effects
// to run once it is applied. Derived from it: HANDLED_EVENT_TYPES (the webhook endpoint subscribes to exactly
// these, `npm run stripe:webhook-endpoint`; a test holds the README's list to it), the fast path's eligibility
// (a record with a one-statement row) and the dispatch (apply-event.ts). Names only, no code: the local-stack
// tooling reads this module without `server-only`.

/** The billing tables an event writes through, each with its record module in lib/records. */
export type RecordObjects = {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice;
  payment: Stripe.Charge;
  paymentMethod: Stripe.PaymentMethod;
};
export type RecordName = keyof RecordObjects;

/** Events that need more than one record write; each has a handler file named after it. */
export type HandlerName = "checkout-session-completed" | "invoice-payment-paid" | "charge-refunded";

/** Run after the event committed (apply-event.ts `EFFECTS`); a failure is logged, the event stays applied. */
export type EffectName = "enforce-one-live-subscription";

type Entry = ({ record: RecordName } | { handler: HandlerName }) & { effects?: readonly EffectName[] };

const ONE_LIVE: { effects: readonly EffectName[] } = { effects: ["enforce-one-live-subscription"] };

export const EVENT_REGISTRY = {
  "checkout.session.completed": { handler: "checkout-session-completed", ...ONE_LIVE },
  "customer.subscription.created": { record: "subscription", ...ONE_LIVE },
  "customer.subscription.updated": { record: "subscription", ...ONE_LIVE },
  "customer.subscription.deleted": { record: "subscription" },
  "customer.subscription.trial_will_end": { record: "subscription" },
  "customer.subscription.paused": { record: "subscription" },
  "customer.subscription.resumed": { record: "subscription" },
  "invoice.created": { record: "invoice" },
  "invoice.updated": { record: "invoice" },
  "invoice.finalized": { record: "invoice" },
  "invoice.paid": { record: "invoice" },
  "invoice.payment_succeeded": { record: "invoice" },
  "invoice.payment_failed": { record: "invoice" },
  "invoice.payment_action_required": { record: "invoice" },
  "invoice.voided": { record: "invoice" },
  "invoice.marked_uncollectible": { record: "invoice" },
  "invoice_payment.paid": { handler: "invoice-payment-paid" },
  "charge.succeeded": { record: "payment" },
  "charge.failed": { record: "payment" },
  "charge.updated": { record: "payment" },
  "charge.refunded": { handler: "charge-refunded" },
  "payment_method.attached": { record: "paymentMethod" },
} as const satisfies { [T in Stripe.Event["type"]]?: Entry };

type Registry = typeof EVENT_REGISTRY;
export type HandledEventType = keyof Registry;
export type HandledEvent = Extract<Stripe.Event, { type: HandledEventType }>;
export type EventOf<T extends HandledEventType> = Extract<Stripe.Event, { type: T }>;

/** The types a handler file applies: its signature must take exactly these events. */
export type TypesHandledBy<H extends HandlerName> = {
  [T in HandledEventType]: Registry[T] extends { handler: H } ? T : never;
}[HandledEventType];

// A record entry whose event carries another object than its record takes does not compile.
type MismatchedRecord = {
  [T in HandledEventType]: Registry[T] extends { record: infer R extends RecordName }
    ? EventOf<T>["data"]["object"] extends RecordObjects[R] ? never : T
    : never;
}[HandledEventType];
type Assert<T extends true> = T;
export type _RecordsMatchTheirEvents = Assert<[MismatchedRecord] extends [never] ? true : false>;

export const HANDLED_EVENT_TYPES = Object.keys(EVENT_REGISTRY) as HandledEventType[];

const handled: ReadonlySet<string> = new Set(HANDLED_EVENT_TYPES);

export function isHandledEvent(event: Stripe.Event): event is HandledEvent {
  return handled.has(event.type);
}

/** The registry's entry for a handled type (widened: `record`/`handler`/`effects` may be absent). */
export function entryOf(type: HandledEventType): { record?: RecordName; handler?: HandlerName; effects?: readonly EffectName[] } {
  return EVENT_REGISTRY[type];
}
