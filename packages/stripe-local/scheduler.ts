// Time-driven billing: finds what falls due up to a moment (renewals, trial ends, finalizations, payment
// retries, incomplete expiry) and runs it in time order. Test clocks call it when advanced; objects
// not on a clock are swept in real time.

import {
  endDunning,
  endSubscription,
  expireIncomplete,
  finalizeAndCharge,
  renewSubscription,
  retryInvoice,
  sendTrialWillEnd,
} from "./billing-engine";
import { NO_REQUEST, type Ctx, type Emulator } from "./context";

interface Due {
  at: number;
  run: (ctx: Ctx) => void;
}

const TRIAL_WILL_END_SECONDS = 3 * 86_400;

function nextDue(emu: Emulator, clockId: string | null, upTo: number): Due | undefined {
  const { store } = emu;
  let best: Due | undefined;
  const consider = (at: number, run: (ctx: Ctx) => void) => {
    if (at <= upTo && (!best || at < best.at)) best = { at, run };
  };
  for (const sub of store.all("subscription", (s) => s.test_clock === clockId)) {
    const pe = sub.items.data[0]?.current_period_end;
    if (sub.status === "incomplete" && sub._expiresAt !== undefined) consider(sub._expiresAt, (ctx) => expireIncomplete(ctx, sub));
    if (sub.status === "trialing" && sub.trial_end !== null && !sub._trialWillEndSent) {
      consider(Math.max(sub.created, sub.trial_end - TRIAL_WILL_END_SECONDS), (ctx) => sendTrialWillEnd(ctx, sub));
    }
    if (pe !== undefined && ["active", "past_due", "trialing", "unpaid"].includes(sub.status)) {
      consider(pe, (ctx) => renewSubscription(ctx, sub));
      // cancel_at inside the current period ends the subscription at that moment, not at the period end.
      if (sub.cancel_at !== null && sub.cancel_at < pe) consider(sub.cancel_at, (ctx) => endSubscription(ctx, sub, "cancellation_requested"));
    }
  }
  for (const inv of store.all("invoice", (i) => i.test_clock === clockId)) {
    if (inv.status === "draft" && inv._finalizeAt !== undefined) consider(inv._finalizeAt, (ctx) => finalizeAndCharge(ctx, inv));
    if (inv.status === "open" && inv.next_payment_attempt !== null) consider(inv.next_payment_attempt, (ctx) => retryInvoice(ctx, inv));
    if (inv.status === "open" && inv.next_payment_attempt === null && inv._dunningEndsAt !== undefined) {
      consider(inv._dunningEndsAt, (ctx) => endDunning(ctx, inv));
    }
  }
  return best;
}

/**
 * Runs everything due up to `upTo`. `setTime` moves the clock to each action's moment first so objects and
 * events carry the simulated time.
 */
export function runDue(emu: Emulator, clockId: string | null, upTo: number, setTime: (t: number) => void): number {
  const ctx: Ctx = { emu, req: NO_REQUEST };
  let count = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const due = nextDue(emu, clockId, upTo);
    if (!due) break;
    setTime(due.at);
    due.run(ctx);
    count++;
  }
  emu.store.touch();
  return count;
}
