// Every ordered pair of the six plans, at the start, middle and end of a period (test clocks), through the app's
// own preview and change against the emulator with the real SDK: the preview's "due now" is what is charged at
// once and its "next invoice" is the next invoice Stripe then shows, to the cent and to the second.
import { describe, expect, it } from "vitest";
import { MOMENTS, runPlanChangeMatrix, tenantAt, setUpPricedEmulator } from "@/testing/plan-change-matrix";
import { catalogPlans } from "@/lib/plans/catalog";
import { previewPlanChange } from "./preview-plan-change";
import { changePlan } from "./change-plan";
import { getUpcomingCharge } from "./get-upcoming-charge";

const { stripe: stripeOf, priceOf } = setUpPricedEmulator();

describe("plan change pricing matrix", () => {
  it("every ordered pair at the start, middle and end of a period: preview = charge now, and = the next invoice", async () => {
    const keys = catalogPlans().map((p) => p.key);
    const { checked, failures } = await runPlanChangeMatrix(stripeOf(), priceOf);
    console.log(`plan change matrix: ${checked} cases checked (${checked / MOMENTS.length} ordered pairs × ${MOMENTS.length} moments), ${failures.length} mismatched`);
    expect(failures).toEqual([]);
    expect(checked).toBe(keys.length * (keys.length - 1) * MOMENTS.length);
  }, 600_000);

  it("labels Pro monthly → Pro yearly as a billing switch and prices it as charged now", async () => {
    const { tenant, at } = await tenantAt(stripeOf(), priceOf, "pro-month", "middle");
    const preview = await previewPlanChange(tenant, "pro-year", { now: new Date(at * 1000) });
    expect(preview.title).toBe("Switch to yearly billing");
    expect(preview.invoicedNow).toBe(true);
    expect(preview.chargedNow).toBeGreaterThan(0);
    expect(preview.chargedNow).toBe(preview.amountDue);
    expect(preview.lines.some((l) => l.proration && l.amount < 0)).toBe(true);
    expect(preview.lines.some((l) => !l.proration && l.amount === 49000)).toBe(true);
  });

  it("the dashboard's next charge and credit balance are the preview's, after a switch that leaves credit", async () => {
    const { tenant, subscriptionId, at } = await tenantAt(stripeOf(), priceOf, "scale-year", "middle");
    const now = new Date(at * 1000);
    const preview = await previewPlanChange(tenant, "starter-month", { now });
    expect(preview.creditAfter).toBeGreaterThan(0);
    await changePlan(tenant, preview.quote, { now });
    const upcoming = await getUpcomingCharge(tenant.id, subscriptionId);
    expect(upcoming?.creditBalance).toBe(preview.creditAfter);
    expect(upcoming?.next).toEqual({ amount: preview.nextInvoice.amount, date: new Date(preview.nextInvoice.date * 1000) });
  });
});
