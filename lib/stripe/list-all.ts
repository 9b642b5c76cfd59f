import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { SUBSCRIPTION_DISCOUNT_TERMS } from "./retrieve-subscription";

// Every subscription, invoice and charge on the account, for the admin's drift check. The SDK's auto-pagination
// asks for 100 at a time, so nothing asks Stripe for everything at once.

export function listAllSubscriptions(): AsyncIterable<Stripe.Subscription> {
  return getStripe().subscriptions.list({ status: "all", limit: 100, expand: [`data.${SUBSCRIPTION_DISCOUNT_TERMS}`] });
}

export function listAllInvoices(): AsyncIterable<Stripe.Invoice> {
  return getStripe().invoices.list({ limit: 100 });
}

export function listAllCharges(): AsyncIterable<Stripe.Charge> {
  return getStripe().charges.list({ limit: 100 });
}
