import type Stripe from "stripe";
import { expect } from "vitest";
import { getStripe } from "@/lib/stripe/client";
import { handleStripeEvent } from "@/lib/webhooks/handle-stripe-event";

/**
 * Stands in for webhook delivery in tests against an in-process emulator: every event it has emitted and `delivered`
 * does not hold yet goes through the dispatcher, oldest first; none may fail.
 */
export async function deliverEmittedEvents(delivered: Set<string>): Promise<void> {
  const events: Stripe.Event[] = [];
  for await (const event of getStripe().events.list({ limit: 100 })) events.push(event);
  for (const event of events.reverse()) {
    if (delivered.has(event.id)) continue;
    delivered.add(event.id);
    const result = await handleStripeEvent(event);
    expect(result.outcome, `${event.type} ${event.id}`).not.toBe("failed");
  }
}
