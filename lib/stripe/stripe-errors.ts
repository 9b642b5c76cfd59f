import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";

// Stripe's expected refusals, said in words a tenant or an admin can act on. Matched on Stripe's error code
// where it has a stable one, else on its message (the no-payment-method refusal arrives under several codes).
const REFUSALS: readonly { test: (e: Stripe.errors.StripeError) => boolean; message: string }[] = [
  {
    test: (e) => /no attached payment source or default payment method/i.test(e.message),
    message: "There is no card on file for this account, so Stripe could not charge it. Add a card on the billing page, then try again.",
  },
  {
    test: (e) => e.code === "invoice_already_paid",
    message: "This invoice is already paid; nothing was charged.",
  },
  {
    test: (e) => e.code === "invoice_not_editable" || /cannot pay this invoice|invoice is not open/i.test(e.message),
    message: "This invoice is not open (it is paid, void or uncollectible), so it cannot be paid or retried. Refresh to see its status.",
  },
  {
    test: (e) => e.code === "charge_already_refunded",
    message: "This payment is already fully refunded.",
  },
  {
    test: (e) => e.code === "amount_too_large" || /greater than unrefunded amount/i.test(e.message),
    message: "That is more than can still be refunded on this payment.",
  },
  {
    // The app asks for automatic tax only with an address on file (subscriptionTaxParams); should Stripe still not
    // locate it (an address it cannot read), the tenant can fix the address.
    test: (e) => e.code === "customer_tax_location_invalid",
    message: "Stripe could not work out tax from the billing address on file. Check the address in Billing details, then try again.",
  },
  {
    test: (e) => e.code === "invoice_upcoming_none",
    message: "There is no upcoming invoice: the subscription has ended.",
  },
  {
    test: (e) => e.code === "invoice_payment_intent_requires_action" || e.code === "subscription_payment_intent_requires_action",
    message: "The bank asks the cardholder to confirm this payment (3-D Secure). The customer can complete it from the invoice's payment page.",
  },
];

const UNCONFIRMED =
  "The payment provider did not answer, so we cannot confirm whether this went through. Refresh the page to see the current state; trying again is safe.";

/**
 * Stripe failures the user can act on keep Stripe's own words ("Your card was declined.") or a plain sentence
 * for the expected refusals; everything else becomes a generic provider error. Already-AppErrors pass through.
 */
export function toBillingError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  // A promotion code that passed our check but that Stripe refuses (used up or expired in between): the
  // tenant's input, so a 4xx with words they can act on; Stripe created nothing.
  if (error instanceof Stripe.errors.StripeInvalidRequestError && /^(promotion_code_|coupon_expired)/.test(error.code ?? "")) {
    return new AppError("invalid_input", "This promotion code can no longer be used. Remove it or try another code.", { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    const refusal = REFUSALS.find((r) => r.test(error));
    if (refusal) return new AppError("conflict", refusal.message, { cause: error });
  }
  // No answer, or a 5xx: the request may or may not have taken effect at Stripe. Say so; our writes carry
  // idempotency keys, so the same request again is safe.
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return new AppError("stripe_error", UNCONFIRMED, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    return new AppError("stripe_error", error.message || "Your card was declined.", { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    return new AppError("stripe_error", undefined, { cause: error });
  }
  return error;
}

/** Runs a Stripe request and maps its failure with `toBillingError`. */
export async function stripeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toBillingError(error);
  }
}

/**
 * Stripe's refusal of a request about an object (400: not in the state we found it in; 404: gone). Read from the
 * error's fields, not `instanceof`: the app's server bundle can hold the SDK's ESM and CJS error classes apart.
 */
export function isInvalidRequest(error: unknown, statuses: readonly number[] = [400, 404]): boolean {
  const e = error as { type?: unknown; statusCode?: unknown } | null;
  return e?.type === "StripeInvalidRequestError" && typeof e.statusCode === "number" && statuses.includes(e.statusCode);
}

/** A read of an object that may not exist (or not be ours to see): null for Stripe's 404, other failures raised. */
export async function nullIfMissing<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (isInvalidRequest(error, [404])) return null;
    throw error;
  }
}

/** A decline by the card's bank (its message is the one to show). */
export function isCardError(error: unknown): error is Stripe.errors.StripeCardError {
  return error instanceof Stripe.errors.StripeCardError;
}
