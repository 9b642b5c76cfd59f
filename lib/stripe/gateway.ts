import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

// Reads the webhook pipeline makes when an event's payload cannot be trusted as the latest state.
// Everything goes through the one SDK client (lib/stripe/client.ts), so local vs real Stripe is config.

export function retrieveSubscription(id: string): Promise<Stripe.Subscription> {
  return getStripe().subscriptions.retrieve(id);
}

export function retrieveInvoice(id: string): Promise<Stripe.Invoice> {
  return getStripe().invoices.retrieve(id);
}

export function retrieveCharge(id: string): Promise<Stripe.Charge> {
  return getStripe().charges.retrieve(id);
}

export function retrieveCustomer(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
  return getStripe().customers.retrieve(id);
}

export function retrievePaymentMethod(id: string): Promise<Stripe.PaymentMethod> {
  return getStripe().paymentMethods.retrieve(id);
}

export function retrieveEvent(id: string): Promise<Stripe.Event> {
  return getStripe().events.retrieve(id);
}

/** Refunds of one charge; the charge object only embeds them when expanded. */
export async function listRefundsForCharge(chargeId: string): Promise<Stripe.Refund[]> {
  const refunds: Stripe.Refund[] = [];
  for await (const refund of getStripe().refunds.list({ charge: chargeId, limit: 100 })) refunds.push(refund);
  return refunds;
}

/** Verifies a webhook against each configured secret in turn (two while a secret is being rolled). */
export function constructWebhookEvent(body: string, signature: string, secrets: readonly string[]): Stripe.Event {
  let lastError: unknown = new Error("No webhook secret configured");
  for (const secret of secrets) {
    try {
      return getStripe().webhooks.constructEvent(body, signature, secret, 300);
    } catch (error) {
      // A signature that matched but a body that is not JSON: no other secret will change that.
      if (error instanceof SyntaxError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** The charge behind a PaymentIntent: since API 2022-11-15 only its id, as `latest_charge`. */
export async function retrieveLatestCharge(paymentIntentId: string): Promise<Stripe.Charge | null> {
  const intent = await getStripe().paymentIntents.retrieve(paymentIntentId);
  const charge = intent.latest_charge;
  if (!charge) return null;
  return typeof charge === "string" ? retrieveCharge(charge) : charge;
}

export function retrieveCheckoutSession(id: string): Promise<Stripe.Checkout.Session> {
  return getStripe().checkout.sessions.retrieve(id);
}

export function retrieveInvoicePayment(id: string): Promise<Stripe.InvoicePayment> {
  return getStripe().invoicePayments.retrieve(id);
}
