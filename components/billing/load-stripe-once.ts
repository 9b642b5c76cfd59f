"use client";
import { loadStripe, type Stripe } from "@stripe/stripe-js";

// One Stripe.js instance per publishable key for the whole page; the key arrives as a prop from the server
// (runtime configuration), never from a build-time NEXT_PUBLIC_ variable.
const instances = new Map<string, Promise<Stripe | null>>();

export function loadStripeOnce(publicKey: string): Promise<Stripe | null> {
  let instance = instances.get(publicKey);
  if (!instance) {
    instance = loadStripe(publicKey);
    instances.set(publicKey, instance);
  }
  return instance;
}
