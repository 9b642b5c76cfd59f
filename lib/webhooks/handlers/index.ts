import "server-only";
import type Stripe from "stripe";
import { maybeInjectFault } from "../fault-injection";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { chargeFailed } from "./charge-failed";
import { chargeRefunded } from "./charge-refunded";
import { chargeSucceeded } from "./charge-succeeded";
import { chargeUpdated } from "./charge-updated";
import { checkoutSessionCompleted } from "./checkout-session-completed";
import { customerSubscriptionCreated } from "./customer-subscription-created";
import { customerSubscriptionDeleted } from "./customer-subscription-deleted";
import { customerSubscriptionPaused } from "./customer-subscription-paused";
import { customerSubscriptionResumed } from "./customer-subscription-resumed";
import { customerSubscriptionTrialWillEnd } from "./customer-subscription-trial-will-end";
import { customerSubscriptionUpdated } from "./customer-subscription-updated";
import { invoiceCreated } from "./invoice-created";
import { invoiceFinalized } from "./invoice-finalized";
import { invoiceMarkedUncollectible } from "./invoice-marked-uncollectible";
import { invoicePaid } from "./invoice-paid";
import { invoicePaymentActionRequired } from "./invoice-payment-action-required";
import { invoicePaymentFailed } from "./invoice-payment-failed";
import { invoicePaymentPaid } from "./invoice-payment-paid";
import { invoicePaymentSucceeded } from "./invoice-payment-succeeded";
import { invoiceUpdated } from "./invoice-updated";
import { invoiceVoided } from "./invoice-voided";
import { paymentMethodAttached } from "./payment-method-attached";
import { HANDLED_EVENT_TYPES } from "../handled-event-types";

export { HANDLED_EVENT_TYPES };

export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export type EventHandler<T extends HandledEventType> = (
  event: Extract<Stripe.Event, { type: T }>,
  ctx: HandlerContext,
) => Promise<HandlerResult>;

// A type in HANDLED_EVENT_TYPES without an entry here (or with a handler for another event) does not compile.
const handlers: { [T in HandledEventType]: EventHandler<T> } = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.subscription.created": customerSubscriptionCreated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionDeleted,
  "customer.subscription.trial_will_end": customerSubscriptionTrialWillEnd,
  "customer.subscription.paused": customerSubscriptionPaused,
  "customer.subscription.resumed": customerSubscriptionResumed,
  "invoice.created": invoiceCreated,
  "invoice.updated": invoiceUpdated,
  "invoice.finalized": invoiceFinalized,
  "invoice.paid": invoicePaid,
  "invoice.payment_succeeded": invoicePaymentSucceeded,
  "invoice.payment_failed": invoicePaymentFailed,
  "invoice.payment_action_required": invoicePaymentActionRequired,
  "invoice.voided": invoiceVoided,
  "invoice.marked_uncollectible": invoiceMarkedUncollectible,
  "invoice_payment.paid": invoicePaymentPaid,
  "charge.succeeded": chargeSucceeded,
  "charge.failed": chargeFailed,
  "charge.updated": chargeUpdated,
  "charge.refunded": chargeRefunded,
  "payment_method.attached": paymentMethodAttached,
};

const handledSet: ReadonlySet<string> = new Set(HANDLED_EVENT_TYPES);

export type HandledEvent = Extract<Stripe.Event, { type: HandledEventType }>;

export function isHandledEvent(event: Stripe.Event): event is HandledEvent {
  return handledSet.has(event.type);
}

export async function runHandler(
  event: HandledEvent,
  ctx: HandlerContext,
): Promise<HandlerResult> {
  // The map is keyed by the event's own type, so the handler matches the event; TS cannot correlate the two.
  const handler = handlers[event.type] as (event: Stripe.Event, ctx: HandlerContext) => Promise<HandlerResult>;
  const result = await handler(event, ctx);
  maybeInjectFault(event.id);
  return result;
}
