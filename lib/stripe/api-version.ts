import Stripe from "stripe";

/** The API version the SDK is pinned to: every request, the webhook endpoint and every mapper speak it. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;
