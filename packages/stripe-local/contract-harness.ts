// Shared setup for the contract suite: the same tests run against an in-process emulator (default) or
// against real Stripe test mode when STRIPE_SECRET_KEY=sk_test_… is set and STRIPE_API_URL is not.

import Stripe from "stripe";
import { ContractValidator } from "./contract-schemas";
import { startStripeLocal, type StripeLocal, type StripeLocalOptions } from "./index";

export type ContractTarget =
  | { mode: "emulator"; stripe: Stripe; local: StripeLocal; secretKey: string }
  | { mode: "stripe"; stripe: Stripe; local: undefined; secretKey: string };

const realKey = process.env.STRIPE_SECRET_KEY;
export const againstRealStripe = Boolean(realKey?.startsWith("sk_test_")) && !process.env.STRIPE_API_URL;

let announced = false;

export async function startContractTarget(opts: StripeLocalOptions = {}): Promise<ContractTarget> {
  if (againstRealStripe && realKey) {
    if (!announced) console.info("[stripe-local contract] running against REAL Stripe test mode (STRIPE_SECRET_KEY set); emulator-only checks are skipped");
    announced = true;
    return { mode: "stripe", stripe: new Stripe(realKey, { telemetry: false, maxNetworkRetries: 2 }), local: undefined, secretKey: realKey };
  }
  if (!announced) console.info("[stripe-local contract] running against the in-process stripe-local emulator (set STRIPE_SECRET_KEY=sk_test_… to run against real Stripe)");
  announced = true;
  const local = await startStripeLocal({ port: 0, retrySchedule: [50, 100, 200], observe, ...opts });
  const secretKey = "sk_test_contract";
  const stripe = new Stripe(secretKey, { host: "127.0.0.1", port: local.port, protocol: "http", telemetry: false, maxNetworkRetries: 0 });
  return { mode: "emulator", stripe, local, secretKey };
}

type Observed = { method: string; path: string; status: number; body: string };
/** Every answer the emulators of this test file gave, checked against Stripe's schemas when the file ends. */
const observed: Observed[] = [];
const observe = (method: string, path: string, status: number, body: string) => observed.push({ method, path, status, body });

export async function stopContractTarget(t: ContractTarget | undefined): Promise<void> {
  // Every event the file's story emitted, read through the Events API so it is checked too.
  if (t?.mode === "emulator") for await (const _event of t.stripe.events.list({ limit: 100 })) void _event;
  await t?.local?.stop();
  if (t?.mode === "emulator") validateObserved();
}

/**
 * Validates every emulator response of this file (and every event inside them: lists, retrieves) against JSON
 * Schemas generated from the stripe-node typings, prints the counts and fails on a missing required field, a
 * wrong type or an undocumented field.
 */
export function validateObserved(): ContractValidator {
  const validator = new ContractValidator();
  for (const o of observed.splice(0)) validator.validateResponse(o.method, o.path, o.status, JSON.parse(o.body) as unknown);
  const { responses, events, objects } = validator.counts;
  console.info(
    `[stripe-local contract] schema check: ${responses} responses, ${events} events, ${objects} objects validated, ` +
      `0 deviations accepted (there is no allow-list), ${validator.failures.length} failures`,
  );
  if (validator.failures.length > 0) {
    const lines = validator.failures.slice(0, 20).map((f) => `${f.where} (${f.object}): ${f.errors.join("; ")}`);
    throw new Error(`Responses that do not match Stripe's schemas:\n${lines.join("\n")}`);
  }
  return validator;
}

/** Polls a test clock until its advance has finished. */
export async function waitForClock(stripe: Stripe, id: string, timeoutMs = 20_000): Promise<Stripe.TestHelpers.TestClock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const clock = await stripe.testHelpers.testClocks.retrieve(id);
    if (clock.status === "ready") return clock;
    if (Date.now() > deadline) throw new Error(`test clock ${id} still ${clock.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function advanceClock(stripe: Stripe, id: string, frozenTime: number): Promise<Stripe.TestHelpers.TestClock> {
  await stripe.testHelpers.testClocks.advance(id, { frozen_time: frozenTime });
  return waitForClock(stripe, id);
}

/** A monthly price under a fresh product. */
export async function createMonthlyPrice(stripe: Stripe, unitAmount: number, name = "Plan"): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name });
  return stripe.prices.create({ product: product.id, unit_amount: unitAmount, currency: "usd", recurring: { interval: "month" } });
}

export const DAY = 86_400;
