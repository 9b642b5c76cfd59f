import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/** A SetupIntent for a new card, keyed by the form's request id. */
export function createSetupIntent(input: { tenantId: string; customerId: string; requestId: string }): Promise<Stripe.SetupIntent> {
  return stripeCall(() =>
    getStripe().setupIntents.create(
      { customer: input.customerId, usage: "off_session", automatic_payment_methods: { enabled: true }, metadata: { tenantId: input.tenantId } },
      { idempotencyKey: `setup-intent:${input.tenantId}:${input.requestId}` },
    ),
  );
}

/** A SetupIntent with its card expanded (brand and last4 known now, not after the webhook). */
export function retrieveSetupIntent(id: string): Promise<Stripe.SetupIntent> {
  return stripeCall(() => getStripe().setupIntents.retrieve(id, { expand: ["payment_method"] }));
}
