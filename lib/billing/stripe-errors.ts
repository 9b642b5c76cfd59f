import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";

/**
 * Stripe failures the user can act on keep Stripe's own words ("Your card was declined."); everything else
 * becomes a generic provider error. Already-AppErrors pass through.
 */
export function toBillingError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Stripe.errors.StripeCardError) {
    return new AppError("stripe_error", error.message || "Your card was declined.", { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    return new AppError("stripe_error", undefined, { cause: error });
  }
  return error;
}

export async function stripeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toBillingError(error);
  }
}
