import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** An admin's refund. The caller derives the idempotency key from what the admin asked for, so a double click refunds once. */
export function createRefund(
  params: { charge: string; amount: number; reason?: Stripe.RefundCreateParams.Reason; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<Stripe.Refund> {
  return getStripe().refunds.create(params, { idempotencyKey });
}
