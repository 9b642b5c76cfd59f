import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { getStripe } from "./client";
import { stripeCall } from "./stripe-errors";

/**
 * One request id is one refund, whatever the amount: the form keeps its id after a lost answer, so an admin who
 * edits the amount and retries must not get a second refund on top of one that may have gone through.
 */
export function adminRefundIdempotencyKey(paymentId: string, requestId: string): string {
  return `admin-refund:${paymentId}:${requestId}`;
}

/** An admin's refund. Stripe refuses a key reused with other parameters (an idempotency error), said in words. */
export function createRefund(
  params: { charge: string; amount: number; reason?: Stripe.RefundCreateParams.Reason; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<Stripe.Refund> {
  return stripeCall(async () => {
    try {
      return await getStripe().refunds.create(params, { idempotencyKey });
    } catch (error) {
      if (error instanceof Stripe.errors.StripeIdempotencyError) {
        const message = "This refund was already sent with another amount. Refresh the page to see what was refunded, then start a new refund.";
        throw new AppError("conflict", message, { cause: error });
      }
      throw error;
    }
  });
}
