import "server-only";
import { retrieveCheckoutSession } from "@/lib/stripe/retrieve-checkout-session";
import { retrievePaymentIntent } from "@/lib/stripe/retrieve-payment-intent";
import { nullIfMissing } from "@/lib/stripe/stripe-errors";
import { getStripeCustomerId } from "./customer-subscriptions";

/**
 * What the checkout return page may say, read from Stripe (never written: webhooks own billing state).
 * - paid: this tenant's Checkout Session is complete, or its payment succeeded; activation follows by webhook.
 * - open: started but not paid (the tenant came back without finishing): nothing was charged.
 * - failed: the payment was declined or could not be authenticated.
 * - expired: the Checkout Session expired (or was closed because another payment went through).
 * - unknown: no such session or payment, or one that is not this tenant's (the two look the same, on purpose).
 */
export type CheckoutReturnState = "paid" | "open" | "failed" | "expired" | "unknown";

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;
const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]{1,200}$/;

export async function getCheckoutReturnState(
  tenantId: string,
  params: { sessionId?: string; paymentIntentId?: string },
): Promise<CheckoutReturnState> {
  const customerId = await getStripeCustomerId(tenantId);
  if (params.sessionId) {
    if (!SESSION_ID.test(params.sessionId)) return "unknown";
    const session = await nullIfMissing(() => retrieveCheckoutSession(params.sessionId as string));
    if (!session) return "unknown";
    const owner = session.client_reference_id ?? session.metadata?.tenantId ?? null;
    const sessionCustomer = typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null);
    if (owner !== tenantId || (sessionCustomer !== null && sessionCustomer !== customerId)) return "unknown";
    if (session.status === "complete") return session.payment_status === "unpaid" ? "open" : "paid";
    return session.status === "expired" ? "expired" : "open";
  }
  if (params.paymentIntentId) {
    if (!PAYMENT_INTENT_ID.test(params.paymentIntentId) || !customerId) return "unknown";
    const intent = await nullIfMissing(() => retrievePaymentIntent(params.paymentIntentId as string));
    const intentCustomer = typeof intent?.customer === "string" ? intent.customer : (intent?.customer?.id ?? null);
    if (!intent || intentCustomer !== customerId) return "unknown";
    if (intent.status === "succeeded" || intent.status === "processing") return "paid";
    if (intent.status === "canceled") return "expired";
    return intent.last_payment_error ? "failed" : "open";
  }
  return "unknown";
}
