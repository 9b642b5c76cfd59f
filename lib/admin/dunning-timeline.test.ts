import { describe, expect, it } from "vitest";
import { buildDunningTimeline, type DunningInvoice, type DunningPayment } from "./dunning-timeline";

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

function invoice(id: string, over: Partial<DunningInvoice> = {}): DunningInvoice {
  return { stripeInvoiceId: id, status: "paid", amountDue: 2500, currency: "usd", attemptCount: 1, nextPaymentAttempt: null, stripeCreatedAt: at(1), paidAt: at(1), ...over };
}

function charge(id: string, invoiceId: string, status: string, day: number, over: Partial<DunningPayment> = {}): DunningPayment {
  return { stripeChargeId: id, stripeInvoiceId: invoiceId, status, amount: 2500, currency: "usd", failureCode: null, failureMessage: null, stripeCreatedAt: at(day), ...over };
}

describe("buildDunningTimeline", () => {
  it("leaves out invoices paid at the first attempt", () => {
    expect(buildDunningTimeline([invoice("in_ok")], [charge("ch_ok", "in_ok", "succeeded", 1)])).toEqual([]);
  });

  it("tells an open invoice's failed attempts and the scheduled retry, in time order", () => {
    const entries = buildDunningTimeline(
      [invoice("in_due", { status: "open", attemptCount: 2, paidAt: null, nextPaymentAttempt: at(8) })],
      [
        charge("ch_2", "in_due", "failed", 4, { failureCode: "card_declined", failureMessage: "Your card was declined." }),
        charge("ch_1", "in_due", "failed", 1, { failureCode: "insufficient_funds" }),
      ],
      at(5),
    );
    expect(entries.map((e) => e.kind)).toEqual(["invoice_opened", "attempt_failed", "attempt_failed", "next_retry"]);
    expect(entries[2]).toMatchObject({ detail: "card_declined: Your card was declined." });
    expect(entries[3]).toMatchObject({ upcoming: true, detail: "attempt 3" });
  });

  it("ends a recovered invoice with the payment and the recovery", () => {
    const entries = buildDunningTimeline(
      [invoice("in_rec", { attemptCount: 2, paidAt: at(4) })],
      [charge("ch_f", "in_rec", "failed", 1), charge("ch_s", "in_rec", "succeeded", 4)],
    );
    expect(entries.map((e) => e.kind)).toEqual(["invoice_opened", "attempt_failed", "attempt_succeeded", "recovered"]);
  });
});
