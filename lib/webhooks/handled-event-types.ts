import type Stripe from "stripe";

// The one list of event types the app handles. The handler map (handlers/index.ts) must cover it, the webhook
// endpoint is created with exactly these (`npm run stripe:webhook-endpoint`), and a test holds the README's
// production list to it. No `server-only`: the local-stack tooling reads it too.
export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.trial_will_end",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.created",
  "invoice.updated",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice_payment.paid",
  "charge.succeeded",
  "charge.failed",
  "charge.updated",
  "charge.refunded",
  "payment_method.attached",
] as const satisfies readonly Stripe.Event["type"][];
