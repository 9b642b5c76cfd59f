import "server-only";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * Makes a card the default for future invoices, on the customer and (when it has one) on the held subscription.
 * Keyed by object and card, so repeating the same change is one request each.
 */
export async function setDefaultPaymentMethod(input: { customerId: string; subscriptionId: string | null; paymentMethodId: string }): Promise<void> {
  const { customerId, subscriptionId, paymentMethodId } = input;
  await stripeCall(() =>
    getStripe().customers.update(
      customerId,
      { invoice_settings: { default_payment_method: paymentMethodId } },
      { idempotencyKey: `default-pm:customer:${customerId}:${paymentMethodId}` },
    ),
  );
  if (!subscriptionId) return;
  await stripeCall(() =>
    getStripe().subscriptions.update(
      subscriptionId,
      { default_payment_method: paymentMethodId },
      { idempotencyKey: `default-pm:subscription:${subscriptionId}:${paymentMethodId}` },
    ),
  );
}
