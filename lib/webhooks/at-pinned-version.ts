import "server-only";
import type Stripe from "stripe";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { retrieveCharge } from "@/lib/stripe/retrieve-charge";
import { retrieveCheckoutSession } from "@/lib/stripe/retrieve-checkout-session";
import { retrieveInvoice } from "@/lib/stripe/retrieve-invoice";
import { retrieveInvoicePayment } from "@/lib/stripe/retrieve-invoice-payment";
import { retrievePaymentMethod } from "@/lib/stripe/retrieve-payment-method";
import { retrieveSubscription } from "@/lib/stripe/retrieve-subscription";
import type { HandledEvent } from "./event-registry";

// Stripe renders an event in its endpoint's API version, or the account's default one (endpoints without a
// version, the Events API, `stripe listen` without --latest). The mappers read the pinned version's shapes
// (`invoice.parent.subscription_details`, `items.data[].current_period_*`): an older payload would map to null
// subscription ids and periods. Such an event is applied from the object as the API returns it at the pinned
// version, under the same ledger claim and version guard as any other event.

/** Where an event came from: a signed delivery, or Stripe's Events API (gap fill, replay). */
export type EventSource = "webhook" | "events-api";

/** True when the payload cannot be mapped as it is. Events API payloads are in the account's default version. */
export function needsPinnedRefetch(event: Stripe.Event, source: EventSource): boolean {
  return source === "events-api" || event.api_version !== STRIPE_API_VERSION;
}

type Retrieve = (id: string) => Promise<Stripe.Event.Data.Object>;

const RETRIEVE: Record<string, Retrieve> = {
  subscription: retrieveSubscription,
  invoice: retrieveInvoice,
  charge: retrieveCharge,
  "checkout.session": retrieveCheckoutSession,
  invoice_payment: retrieveInvoicePayment,
  payment_method: retrievePaymentMethod,
};

class UnversionableEventError extends Error {
  constructor(event: Stripe.Event) {
    super(`No pinned-version read for ${event.type} (${String((event.data.object as { object?: unknown }).object)})`);
    this.name = "UnversionableEventError";
  }
}

/**
 * The same event with `data.object` read through the API at the pinned version (its current state, which is at
 * least as new as the event). `previous_attributes` is dropped: it was rendered in the other version too.
 */
export async function atPinnedVersion(event: HandledEvent): Promise<HandledEvent> {
  const object = event.data.object as { object?: string; id?: string };
  const retrieve = object.object ? RETRIEVE[object.object] : undefined;
  if (!retrieve || !object.id) throw new UnversionableEventError(event);
  // Back to wire JSON: the SDK turns `*_decimal` fields of responses into Decimal objects (BigInt inside), which
  // neither the ledger's JSON column nor a replay expects; an event payload carries them as strings.
  const fresh = JSON.parse(JSON.stringify(await retrieve(object.id))) as Stripe.Event.Data.Object;
  return { ...event, api_version: STRIPE_API_VERSION, data: { object: fresh } } as HandledEvent;
}
