import "server-only";
import { randomInt } from "node:crypto";
import { getEnv } from "@/lib/env";

// The resilience suite's fault switch (`WEBHOOK_FAULT_RATE`, 0–1): after a handler's writes, inside the event's
// transaction, throw with that probability, so the run proves a half-applied event rolls back and the retry
// completes it. The one-statement path, which has no "after the writes" in JS, fails before its statement:
// from outside, the same. Honoured only against the local emulator; with real Stripe it is never read.

export class InjectedFault extends Error {
  constructor(eventId: string) {
    super(`injected fault after the handler's writes (${eventId})`);
    this.name = "InjectedFault";
  }
}

/** Rolls the dice once: true when this event should fail after its writes. */
export function shouldInjectFault(): boolean {
  const env = getEnv();
  const rate = env.stripeMode === "local" ? env.WEBHOOK_FAULT_RATE : 0;
  return rate > 0 && randomInt(1_000_000) < rate * 1_000_000;
}

export function maybeInjectFault(eventId: string): void {
  if (shouldInjectFault()) throw new InjectedFault(eventId);
}
