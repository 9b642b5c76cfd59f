// Hand-built Stripe objects and events in the shape of API 2026-10-28.endive, for handler tests that do not
// need Stripe to answer. Only the fields our mappers read are filled; the casts say so.
import type Stripe from "stripe";
import { uniqueId } from "./webhook-test-setup";

export type EventOf<T extends Stripe.Event["type"]> = Extract<Stripe.Event, { type: T }>;

export function eventOf<T extends Stripe.Event["type"]>(
  type: T,
  object: EventOf<T>["data"]["object"],
  options: { id?: string; created?: number } = {},
): EventOf<T> {
  return {
    id: options.id ?? uniqueId("evt"),
    object: "event",
    api_version: "2026-10-28.endive",
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as EventOf<T>;
}

export function subscriptionObject(overrides: {
  id?: string;
  customer: string;
  status: string;
  tenantId?: string;
  price?: string;
  periodStart?: number;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: number | null;
  endedAt?: number | null;
  cancellationDetails?: { reason: string | null; feedback: string | null; comment: string | null };
}): Stripe.Subscription {
  const start = overrides.periodStart ?? 1_780_000_000;
  return {
    id: overrides.id ?? uniqueId("sub"),
    object: "subscription",
    customer: overrides.customer,
    status: overrides.status,
    metadata: overrides.tenantId ? { tenantId: overrides.tenantId } : {},
    cancel_at_period_end: overrides.cancelAtPeriodEnd ?? false,
    cancel_at: null,
    canceled_at: overrides.canceledAt ?? null,
    ended_at: overrides.endedAt ?? null,
    cancellation_details: overrides.cancellationDetails ?? { reason: null, feedback: null, comment: null },
    trial_end: null,
    default_payment_method: null,
    latest_invoice: null,
    items: {
      object: "list",
      data: [
        {
          id: uniqueId("si"),
          object: "subscription_item",
          price: { id: overrides.price ?? "price_test_month", object: "price" },
          quantity: 1,
          current_period_start: start,
          current_period_end: overrides.periodEnd ?? start + 30 * 86400,
        },
      ],
      has_more: false,
      url: "/v1/subscription_items",
    },
  } as unknown as Stripe.Subscription;
}

export function invoiceObject(overrides: {
  id?: string;
  customer: string;
  subscription?: string;
  status: string;
  amount?: number;
  paid?: boolean;
  created?: number;
}): Stripe.Invoice {
  const amount = overrides.amount ?? 2000;
  const paid = overrides.paid ?? overrides.status === "paid";
  const created = overrides.created ?? 1_780_000_000;
  return {
    id: overrides.id ?? uniqueId("in"),
    object: "invoice",
    customer: overrides.customer,
    status: overrides.status,
    billing_reason: "subscription_create",
    amount_due: amount,
    amount_paid: paid ? amount : 0,
    amount_remaining: paid ? 0 : amount,
    total: amount,
    currency: "usd",
    attempt_count: 1,
    next_payment_attempt: null,
    hosted_invoice_url: "http://127.0.0.1/invoice",
    invoice_pdf: null,
    period_start: created,
    period_end: created,
    created,
    status_transitions: { paid_at: paid ? created : null },
    metadata: {},
    number: "AAB-0001",
    confirmation_secret: { client_secret: "pi_3Abc_secret_XyZ123", type: "payment_intent" },
    parent: overrides.subscription
      ? { type: "subscription_details", subscription_details: { subscription: overrides.subscription, metadata: {} } }
      : null,
  } as unknown as Stripe.Invoice;
}

export function chargeObject(overrides: {
  id?: string;
  customer: string;
  status?: string;
  amount?: number;
  amountRefunded?: number;
  refunds?: Stripe.Refund[];
  created?: number;
  failureCode?: string | null;
}): Stripe.Charge {
  const amount = overrides.amount ?? 2000;
  const refunded = overrides.amountRefunded ?? 0;
  const id = overrides.id ?? uniqueId("ch");
  return {
    id,
    object: "charge",
    customer: overrides.customer,
    amount,
    amount_refunded: refunded,
    refunded: refunded >= amount,
    currency: "usd",
    status: overrides.status ?? "succeeded",
    paid: (overrides.status ?? "succeeded") === "succeeded",
    failure_code: overrides.failureCode ?? null,
    failure_message: overrides.failureCode ? "Your card was declined." : null,
    payment_intent: uniqueId("pi"),
    payment_method_details: { type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 } },
    receipt_url: null,
    created: overrides.created ?? 1_780_000_000,
    metadata: {},
    refunds: overrides.refunds ? { object: "list", data: overrides.refunds, has_more: false, url: `/v1/charges/${id}/refunds` } : undefined,
  } as unknown as Stripe.Charge;
}

export function refundObject(charge: string, amount: number, created = 1_780_000_100): Stripe.Refund {
  return {
    id: uniqueId("re"),
    object: "refund",
    amount,
    charge,
    currency: "usd",
    status: "succeeded",
    reason: "requested_by_customer",
    created,
  } as unknown as Stripe.Refund;
}
