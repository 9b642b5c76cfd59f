import "server-only";
import type Stripe from "stripe";
import { listChargeRefunds } from "@/lib/stripe/list-charge-refunds";
import type { HandlerContext, HandlerResult } from "../handler-context";
import { syncPayment } from "@/lib/records/payment-record";
import { syncRefunds } from "@/lib/records/refund-record";

export async function chargeRefunded(event: Stripe.ChargeRefundedEvent, ctx: HandlerContext): Promise<HandlerResult> {
  const charge = event.data.object;
  const payment = await syncPayment(ctx, charge);
  // Charges stopped embedding `refunds` unless expanded (API 2022-11-15), so list them when absent.
  const refunds = charge.refunds?.data ?? (await listChargeRefunds(charge.id));
  await syncRefunds(ctx, { tenantId: payment.tenantId, paymentId: payment.paymentId, stripeChargeId: charge.id }, refunds);
  return { tenantId: payment.tenantId };
}
