// Contract: the account's retry policy. Smart Retries (Stripe's recommended default: 8 tries within 2 weeks, then
// the end action) with `next_payment_attempt` telling the app when; no retry without a payment method or after a
// hard decline; the end action configurable (cancel, unpaid, leave past_due). Emulator-only where a control route
// sets the account's Dashboard settings or makes a saved card start declining.

import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { advanceClock, createMonthlyPrice, DAY, startContractTarget, stopContractTarget, type ContractTarget } from "./contract-harness";

let t: ContractTarget;
let stripe: Stripe;

beforeAll(async () => {
  t = await startContractTarget();
  stripe = t.stripe;
});
afterAll(() => stopContractTarget(t));

const START = Math.floor(Date.UTC(2027, 4, 3, 12) / 1000);

async function control(path: string, body: Record<string, string> = {}): Promise<Record<string, unknown>> {
  if (t.mode !== "emulator") throw new Error("emulator only");
  const res = await fetch(`${t.local.url}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

beforeEach(async () => {
  if (t.mode === "emulator") await control("/_local/account", { "retries[attempts]": "8", "retries[window_days]": "14", "retries[days]": "", "retries[end_action]": "cancel" });
});

/** A customer on a test clock, subscribed with a 3-day trial, whose first renewal has just been attempted. */
async function firstRenewalFailed(pmToken: string | null, opts: { hardDeclineAfterAttach?: boolean } = {}) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({ test_clock: clock.id, email: "dunning@example.com" });
  if (pmToken) {
    const pm = await stripe.paymentMethods.attach(pmToken, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    // The card was fine when saved; the issuer now reports it lost (a hard decline).
    if (opts.hardDeclineAfterAttach) await control(`/_local/payment_methods/${pm.id}/card`, { number: "4000000000009987" });
  }
  const price = await createMonthlyPrice(stripe, 2500, "Dunning");
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 3 });
  const trialEnd = sub.trial_end ?? 0;
  await advanceClock(stripe, clock.id, trialEnd + 2 * 3600);
  const invoice = (await stripe.invoices.list({ subscription: sub.id, status: "open" })).data[0];
  if (!invoice) throw new Error("no open renewal invoice");
  return { clock, sub, invoice, trialEnd };
}

describe("Smart Retries", () => {
  it("schedules the next attempt in next_payment_attempt and makes 8 attempts within 14 days, then cancels", async () => {
    const { clock, sub, invoice, trialEnd } = await firstRenewalFailed("pm_card_chargeCustomerFail");
    expect(invoice.attempt_count).toBe(1);
    expect(invoice.next_payment_attempt).not.toBeNull();
    const first = invoice.status_transitions.finalized_at ?? 0;
    // Within the window, never more than 14 days after the first failure.
    expect(invoice.next_payment_attempt ?? 0).toBeGreaterThan(first);
    expect(invoice.next_payment_attempt ?? 0).toBeLessThanOrEqual(first + 14 * DAY);
    if (t.mode === "emulator") expect(invoice.next_payment_attempt).toBe(first + 2 * DAY);
    await advanceClock(stripe, clock.id, trialEnd + 7 * DAY);
    const midway = await stripe.invoices.retrieve(invoice.id);
    expect(midway.attempt_count).toBeGreaterThan(1);
    expect(midway.attempt_count).toBeLessThan(8);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advanceClock(stripe, clock.id, trialEnd + 15 * DAY);
    const last = await stripe.invoices.retrieve(invoice.id);
    expect(last.attempt_count).toBe(8);
    expect(last.next_payment_attempt).toBeNull();
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
  });

  it("does not retry a hard decline: one attempt, no next_payment_attempt, the end action when the window closes", async () => {
    if (t.mode !== "emulator") return;
    const { clock, sub, invoice, trialEnd } = await firstRenewalFailed("pm_card_visa", { hardDeclineAfterAttach: true });
    expect(invoice.attempt_count).toBe(1);
    expect(invoice.next_payment_attempt).toBeNull();
    const charges = await stripe.charges.list({ customer: invoice.customer as string });
    expect(charges.data.map((c) => c.outcome?.reason)).toEqual(["lost_card"]);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advanceClock(stripe, clock.id, trialEnd + 10 * DAY);
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advanceClock(stripe, clock.id, trialEnd + 15 * DAY);
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
  });

  it("does not retry a customer without a payment method", async () => {
    const { clock, sub, invoice, trialEnd } = await firstRenewalFailed(null);
    expect(invoice.attempt_count).toBe(1);
    expect(invoice.next_payment_attempt).toBeNull();
    await advanceClock(stripe, clock.id, trialEnd + 10 * DAY);
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
  });

  it("follows the configured policy: 3 attempts in 7 days, then leave past_due", async () => {
    if (t.mode !== "emulator") return;
    await control("/_local/account", { "retries[attempts]": "3", "retries[window_days]": "7", "retries[end_action]": "past_due" });
    const { clock, sub, invoice, trialEnd } = await firstRenewalFailed("pm_card_chargeCustomerFail");
    const first = invoice.status_transitions.finalized_at ?? 0;
    expect(invoice.next_payment_attempt).toBe(first + Math.round(3.5 * DAY));
    await advanceClock(stripe, clock.id, trialEnd + 10 * DAY);
    const last = await stripe.invoices.retrieve(invoice.id);
    expect(last.attempt_count).toBe(3);
    expect(last.next_payment_attempt).toBeNull();
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
  });

  it("refuses an unknown end action", async () => {
    if (t.mode !== "emulator") return;
    const res = await fetch(`${t.local.url}/_local/account`, { method: "POST", body: new URLSearchParams({ "retries[end_action]": "delete" }) });
    expect(res.status).toBe(400);
  });
});
