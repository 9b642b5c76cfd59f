// Contract: the emulator's objects carry every top-level field of Stripe's own fixture objects (openapi/fixtures3.json,
// key lists in vendor/fixtures3-keys.json), a second published source next to the typings' schemas. Fixture keys
// that the pinned typings no longer document (deprecated or removed before this API version) are not expected.

import { readFileSync } from "node:fs";
import path from "node:path";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonthlyPrice, startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";
import { loadSchemas } from "./contract-schemas";

const FIXTURE_KEYS = (JSON.parse(readFileSync(path.join(import.meta.dirname, "vendor/fixtures3-keys.json"), "utf8")) as { keys: Record<string, string[]> }).keys;

/** Stripe's `object` value → the typings interface (as named in contract-schemas.ts). */
const DEFINITION: Record<string, string | undefined> = {
  customer: "resources_Customers__Customer",
  subscription: "resources_Subscriptions__Subscription",
  invoice: "resources_Invoices__Invoice",
  charge: "resources_Charges__Charge",
  payment_intent: "resources_PaymentIntents__PaymentIntent",
  refund: "resources_Refunds__Refund",
  "checkout.session": "resources_Checkout_Sessions__Session",
  // Stripe.Event is a union over every event type: no single definition, every fixture key is expected.
  event: undefined,
};

/**
 * Fixture keys the emulator leaves out on purpose, each optional in the typings. Any other missing key fails.
 * `charge.refunds`: returned only when expanded since API version 2022-11-15 (the fixture shows it expanded).
 */
const OMITTED: Record<string, readonly string[]> = { charge: ["refunds"] };

let t: ContractTarget;
let stripe: Stripe;
const objects: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
  const price = await createMonthlyPrice(stripe, 1500, "Fixture fields");
  const customer = await stripe.customers.create({ email: "fixtures@example.com", name: "Fixture Fields" });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
  const invoice = await stripe.invoices.retrieve(String(sub.latest_invoice));
  const charge = (await stripe.charges.list({ customer: customer.id, limit: 1 })).data[0];
  if (!charge) throw new Error("the first invoice was not charged");
  const intent = await stripe.paymentIntents.retrieve(String(charge.payment_intent));
  const refund = await stripe.refunds.create({ charge: charge.id, amount: 100 });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "https://example.com/ok",
    cancel_url: "https://example.com/cancel",
  });
  const event = (await stripe.events.list({ limit: 1 })).data[0];
  const found = { customer: await stripe.customers.retrieve(customer.id), subscription: sub, invoice, charge, payment_intent: intent, refund, "checkout.session": session, event };
  for (const [type, value] of Object.entries(found)) objects[type] = value as unknown as Record<string, unknown>;
}, 60_000);
afterAll(() => stopContractTarget(t));

type Definition = { properties?: Record<string, unknown>; required?: string[] };

describe("field sets against Stripe's fixture objects", () => {
  it("every non-deprecated top-level fixture key is present on the emulator's object of the same type", () => {
    const definitions = (loadSchemas().definitions ?? {}) as Record<string, Definition>;
    const totals = { types: 0, fixtureKeys: 0, compared: 0, notInPinnedVersion: 0, omitted: 0, emulatorOnly: 0, missing: 0 };
    const missing: string[] = [];
    const lines: string[] = [];
    for (const [type, fixtureKeys] of Object.entries(FIXTURE_KEYS)) {
      const object = objects[type];
      expect(object?.object, `the story produced a ${type}`).toBe(type);
      if (!object) continue;
      const name = DEFINITION[type];
      const documented = name ? definitions[name]?.properties : undefined;
      if (name) expect(documented, `typings definition ${name}`).toBeDefined();
      const stale = documented ? fixtureKeys.filter((k) => !(k in documented)) : [];
      const expected = fixtureKeys.filter((k) => !stale.includes(k));
      const omitted = expected.filter((k) => !(k in object) && (OMITTED[type] ?? []).includes(k));
      const absent = expected.filter((k) => !(k in object) && !omitted.includes(k));
      const extra = Object.keys(object).filter((k) => !fixtureKeys.includes(k));
      missing.push(...absent.map((k) => `${type}.${k}`));
      totals.types += 1;
      totals.fixtureKeys += fixtureKeys.length;
      totals.compared += expected.length;
      totals.notInPinnedVersion += stale.length;
      totals.omitted += omitted.length;
      totals.emulatorOnly += extra.length;
      totals.missing += absent.length;
      lines.push(`  ${type}: ${fixtureKeys.length} fixture keys, ${expected.length} compared, ${absent.length} missing` +
        (stale.length ? `; not in the pinned version: ${stale.join(", ")}` : "") +
        (omitted.length ? `; omitted on purpose: ${omitted.join(", ")}` : "") +
        (extra.length ? `; not in the fixture (newer or optional): ${extra.join(", ")}` : ""));
    }
    console.info(
      `[stripe-local contract] fixture field sets: ${totals.types} types, ${totals.fixtureKeys} fixture keys, ${totals.compared} compared, ` +
        `${totals.notInPinnedVersion} not in the pinned version, ${totals.omitted} omitted on purpose, ${totals.missing} missing\n${lines.join("\n")}`,
    );
    expect(totals.types).toBe(8);
    expect(missing).toEqual([]);
  });
});
