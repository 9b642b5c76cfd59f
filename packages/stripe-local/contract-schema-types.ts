// The object types the app uses, as the stripe-node typings (generated from Stripe's OpenAPI spec) describe them
// at the pinned API version. contract-schemas.ts turns these into JSON Schemas when the contract suite runs.
// Keyed by Stripe's `object` value.
import type Stripe from "stripe";

export type customer = Stripe.Customer;
export type tax_id = Stripe.TaxId;
export type product = Stripe.Product;
export type price = Stripe.Price;
export type payment_method = Stripe.PaymentMethod;
export type payment_intent = Stripe.PaymentIntent;
export type setup_intent = Stripe.SetupIntent;
export type charge = Stripe.Charge;
export type refund = Stripe.Refund;
export type subscription = Stripe.Subscription;
export type subscription_item = Stripe.SubscriptionItem;
export type invoice = Stripe.Invoice;
export type invoiceitem = Stripe.InvoiceItem;
export type invoice_payment = Stripe.InvoicePayment;
export type line_item = Stripe.InvoiceLineItem;
export type webhook_endpoint = Stripe.WebhookEndpoint;
export type checkout_session = Stripe.Checkout.Session;
export type billing_portal_session = Stripe.BillingPortal.Session;
export type billing_portal_configuration = Stripe.BillingPortal.Configuration;
export type test_helpers_test_clock = Stripe.TestHelpers.TestClock;
export type event = Stripe.Event;
export type coupon = Stripe.Coupon;
export type promotion_code = Stripe.PromotionCode;
export type discount = Stripe.Discount;
