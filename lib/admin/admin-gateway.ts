import "server-only";
import type Stripe from "stripe";
import { getStripe } from "@/lib/stripe/client";

// The Stripe calls the admin console makes, all through the one SDK client. Lists are paged by the SDK's
// auto-pagination (100 per request), so nothing asks Stripe for everything at once.

/** Events created at or after `since`, oldest first as the gap fill wants them. */
export async function* listEventsSince(since: Date): AsyncGenerator<Stripe.Event> {
  const events: Stripe.Event[] = [];
  // Stripe lists newest first; a gap is bounded by the 30 days Stripe keeps events, so buffering is fine.
  for await (const event of getStripe().events.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
    events.push(event);
  }
  for (let i = events.length - 1; i >= 0; i -= 1) yield events[i] as Stripe.Event;
}

export function listAllSubscriptions(): AsyncIterable<Stripe.Subscription> {
  return getStripe().subscriptions.list({ status: "all", limit: 100 });
}

export function listAllInvoices(): AsyncIterable<Stripe.Invoice> {
  return getStripe().invoices.list({ limit: 100 });
}

export function listAllCharges(): AsyncIterable<Stripe.Charge> {
  return getStripe().charges.list({ limit: 100 });
}

export function createRefund(
  params: { charge: string; amount: number; reason?: Stripe.RefundCreateParams.Reason; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<Stripe.Refund> {
  return getStripe().refunds.create(params, { idempotencyKey });
}

export function payInvoice(invoiceId: string, idempotencyKey: string): Promise<Stripe.Invoice> {
  return getStripe().invoices.pay(invoiceId, {}, { idempotencyKey });
}
