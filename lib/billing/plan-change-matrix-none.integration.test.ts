// The pricing matrix again with the proration rule set to `none` both ways (PRORATION_UPGRADE/DOWNGRADE): no
// credit and no proration_date, a monthly↔yearly switch still invoiced at once; preview = charge = next invoice.
import { describe, expect, it } from "vitest";
import { catalogPlans } from "@/lib/plans/catalog";
import { MOMENTS, runPlanChangeMatrix, tenantAt, setUpPricedEmulator } from "@/testing/plan-change-matrix";
import { previewPlanChange } from "./preview-plan-change";

const { stripe: stripeOf, priceOf } = setUpPricedEmulator({ PRORATION_UPGRADE: "none", PRORATION_DOWNGRADE: "none" });

describe("plan change pricing matrix, proration rule none", () => {
  it("every ordered pair at the start, middle and end of a period", async () => {
    const keys = catalogPlans().map((p) => p.key);
    const { checked, failures } = await runPlanChangeMatrix(stripeOf(), priceOf);
    console.log(`plan change matrix (none): ${checked} cases checked, ${failures.length} mismatched`);
    expect(failures).toEqual([]);
    expect(checked).toBe(keys.length * (keys.length - 1) * MOMENTS.length);
  }, 600_000);

  it("prices a same-interval change with no lines for unused time, and a switch as the new period in full", async () => {
    const same = await tenantAt(stripeOf(), priceOf, "starter-month", "middle");
    const upgrade = await previewPlanChange(same.tenant, "scale-month", { now: new Date(same.at * 1000) });
    expect(upgrade.prorationBehavior).toBe("none");
    expect(upgrade.lines.some((l) => l.proration)).toBe(false);
    expect(upgrade.chargedNow).toBe(0);
    const switching = await tenantAt(stripeOf(), priceOf, "starter-month", "middle");
    const yearly = await previewPlanChange(switching.tenant, "starter-year", { now: new Date(switching.at * 1000) });
    expect(yearly.invoicedNow).toBe(true);
    expect(yearly.chargedNow).toBe(19000);
  });
});
