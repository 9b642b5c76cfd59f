import "server-only";
import { retrieveCustomer } from "@/lib/stripe/retrieve-customer";
import { retrievePaymentMethod } from "@/lib/stripe/retrieve-payment-method";
import { setDefaultPaymentMethod as setStripeDefaultPaymentMethod } from "@/lib/stripe/set-default-payment-method";
import { createSetupIntent, retrieveSetupIntent } from "@/lib/stripe/setup-intent";
import { stripeCall } from "@/lib/stripe/stripe-errors";
import { AppError } from "@/lib/errors";
import { idOf } from "@/lib/stripe/mappers";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { heldSubscription } from "./customer-subscriptions";

/** A SetupIntent the PaymentElement confirms in the browser; the card goes to Stripe, never through us. */
export async function createSetupIntentForPaymentMethod(
  tenant: BillingTenant,
  input: { requestId: string; email?: string },
): Promise<{ clientSecret: string }> {
  const customerId = await ensureStripeCustomer(tenant, input.email ? { email: input.email } : {});
  const intent = await createSetupIntent({ tenantId: tenant.id, customerId, requestId: input.requestId });
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
  const customerId = await ensureStripeCustomer(tenant);
  // Expanded: the card's brand and last4 are what the audit row names, known now rather than after the webhook.
  const intent = await retrieveSetupIntent(input.setupIntentId);
  // A SetupIntent id from the browser is only trusted when it belongs to this tenant's customer.
  if (idOf(intent.customer) !== customerId) throw new AppError("not_found");
  if (intent.status !== "succeeded") throw new AppError("conflict", "The card has not been confirmed yet.");
  const paymentMethodId = idOf(intent.payment_method);
  if (!paymentMethodId) throw new AppError("conflict", "The card has not been confirmed yet.");

  // The card it replaces, read from Stripe before the change: our own row may already show the new card, since
  // the attachment's webhook can arrive before this request.
  const sub = heldSubscription(await listCustomerSubscriptions(customerId));
  const customer = await stripeCall(() => retrieveCustomer(customerId));
  const previousId = idOf(sub?.default_payment_method) ?? ("deleted" in customer ? null : idOf(customer.invoice_settings.default_payment_method));
  const previousCard = previousId ? cardOf(await stripeCall(() => retrievePaymentMethod(previousId))) : null;

  await setStripeDefaultPaymentMethod({ customerId, subscriptionId: sub?.id ?? null, paymentMethodId });
  const card = typeof intent.payment_method === "object" && intent.payment_method ? cardOf(intent.payment_method) : null;
  return { paymentMethodId, card, previousCard };
}

function cardOf(paymentMethod: { card?: { brand: string; last4: string } | null }): CardLabel | null {
  return paymentMethod.card ? { brand: paymentMethod.card.brand, last4: paymentMethod.card.last4 } : null;
}
