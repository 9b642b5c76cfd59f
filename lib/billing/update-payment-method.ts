import "server-only";
import { getStripe } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { idOf } from "@/lib/stripe/mappers";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { heldSubscription, listCustomerSubscriptions } from "./customer-subscriptions";
import { stripeCall } from "./stripe-errors";

/** A SetupIntent the PaymentElement confirms in the browser; the card goes to Stripe, never through us. */
export async function createSetupIntentForPaymentMethod(
  tenant: BillingTenant,
  input: { requestId: string; email?: string },
): Promise<{ clientSecret: string }> {
  const customerId = await ensureStripeCustomer(tenant, input.email ? { email: input.email } : {});
  const intent = await stripeCall(() =>
    getStripe().setupIntents.create(
      { customer: customerId, usage: "off_session", automatic_payment_methods: { enabled: true }, metadata: { tenantId: tenant.id } },
      { idempotencyKey: `setup-intent:${tenant.id}:${input.requestId}` },
    ),
  );
  if (!intent.client_secret) throw new AppError("stripe_error");
  return { clientSecret: intent.client_secret };
}

/**
 * After confirmSetup succeeded in the browser: make the new card the default for future invoices, on the
 * customer and on the held subscription. Our PaymentMethod row follows from the webhooks.
 */
type CardLabel = { brand: string; last4: string };

export async function setDefaultPaymentMethod(
  tenant: BillingTenant,
  input: { setupIntentId: string },
): Promise<{ paymentMethodId: string; card: CardLabel | null; previousCard: CardLabel | null }> {
  const stripe = getStripe();
  const customerId = await ensureStripeCustomer(tenant);
  // Expanded: the card's brand and last4 are what the audit row names, known now rather than after the webhook.
  const intent = await stripeCall(() => stripe.setupIntents.retrieve(input.setupIntentId, { expand: ["payment_method"] }));
  // A SetupIntent id from the browser is only trusted when it belongs to this tenant's customer.
  if (idOf(intent.customer) !== customerId) throw new AppError("not_found");
  if (intent.status !== "succeeded") throw new AppError("conflict", "The card has not been confirmed yet.");
  const paymentMethodId = idOf(intent.payment_method);
  if (!paymentMethodId) throw new AppError("conflict", "The card has not been confirmed yet.");

  // The card it replaces, read from Stripe before the change: our own row may already show the new card, since
  // the attachment's webhook can arrive before this request.
  const sub = heldSubscription(await listCustomerSubscriptions(customerId));
  const customer = await stripeCall(() => stripe.customers.retrieve(customerId));
  const previousId = idOf(sub?.default_payment_method) ?? ("deleted" in customer ? null : idOf(customer.invoice_settings.default_payment_method));
  const previousCard = previousId ? cardOf(await stripeCall(() => stripe.paymentMethods.retrieve(previousId))) : null;

  await stripeCall(() =>
    stripe.customers.update(
      customerId,
      { invoice_settings: { default_payment_method: paymentMethodId } },
      { idempotencyKey: `default-pm:customer:${customerId}:${paymentMethodId}` },
    ),
  );
  if (sub) {
    await stripeCall(() =>
      stripe.subscriptions.update(
        sub.id,
        { default_payment_method: paymentMethodId },
        { idempotencyKey: `default-pm:subscription:${sub.id}:${paymentMethodId}` },
      ),
    );
  }
  const card = typeof intent.payment_method === "object" && intent.payment_method ? cardOf(intent.payment_method) : null;
  return { paymentMethodId, card, previousCard };
}

function cardOf(paymentMethod: { card?: { brand: string; last4: string } | null }): CardLabel | null {
  return paymentMethod.card ? { brand: paymentMethod.card.brand, last4: paymentMethod.card.last4 } : null;
}
