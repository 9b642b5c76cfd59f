import "server-only";
import { getStripe } from "./client";
import { isInvalidRequest } from "./stripe-errors";

export type DuplicateRefund = { id: string; amount: number; currency: string };

/**
 * Refunds in full every paid invoice of a subscription that went live only because of a race. Each refund is keyed
 * by subscription and PaymentIntent; a payment already refunded in full (Stripe's 400) is skipped.
 */
export async function refundDuplicateSubscription(subscriptionId: string): Promise<DuplicateRefund[]> {
  const stripe = getStripe();
  const refunds: DuplicateRefund[] = [];
  for await (const invoice of stripe.invoices.list({ subscription: subscriptionId, status: "paid", limit: 100 })) {
    for await (const payment of stripe.invoicePayments.list({ invoice: invoice.id, status: "paid", limit: 100 })) {
      const paymentIntent = payment.payment.payment_intent;
      const piId = typeof paymentIntent === "string" ? paymentIntent : paymentIntent?.id;
      if (!piId) continue;
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: piId, reason: "duplicate", metadata: { subscriptionId, invoiceId: invoice.id } },
          { idempotencyKey: `duplicate-refund:${subscriptionId}:${piId}` },
        );
        refunds.push({ id: refund.id, amount: refund.amount, currency: refund.currency });
      } catch (error) {
        if (!isInvalidRequest(error)) throw error;
      }
    }
  }
  return refunds;
}
