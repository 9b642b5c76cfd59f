import { describe, expect, it } from "vitest";
import { atSeats, changeDirection, changeKind, changeTitle, prorationBehaviorFor, prorationParams, seatChangeKind } from "./proration-rule";

const starterMonth = { tierRank: 1, amount: 1900, interval: "month" as const };
const starterYear = { tierRank: 1, amount: 19000, interval: "year" as const };
const proMonth = { tierRank: 2, amount: 4900, interval: "month" as const };
const proYear = { tierRank: 2, amount: 49000, interval: "year" as const };
const config = { PRORATION_UPGRADE: "always_invoice" as const, PRORATION_DOWNGRADE: "create_prorations" as const };

describe("proration rule", () => {
  it("charges an upgrade to a higher tier now", () => {
    expect(prorationBehaviorFor(starterMonth, proMonth, config)).toEqual({ direction: "upgrade", behavior: "always_invoice" });
    expect(prorationBehaviorFor(starterYear, proMonth, config).direction).toBe("upgrade");
  });

  it("credits a downgrade to a lower tier on the next invoice", () => {
    expect(prorationBehaviorFor(proMonth, starterMonth, config)).toEqual({ direction: "downgrade", behavior: "create_prorations" });
    // A lower tier is a downgrade even when its yearly amount is larger than the old monthly one.
    expect(changeDirection(proMonth, starterYear)).toBe("downgrade");
  });

  it("compares by price per month", () => {
    expect(changeDirection(proMonth, proYear)).toBe("downgrade");
    expect(changeDirection(proYear, proMonth)).toBe("upgrade");
  });

  it("follows configuration", () => {
    const custom = { PRORATION_UPGRADE: "create_prorations" as const, PRORATION_DOWNGRADE: "none" as const };
    expect(prorationBehaviorFor(starterMonth, proMonth, custom).behavior).toBe("create_prorations");
    expect(prorationBehaviorFor(proMonth, starterMonth, custom).behavior).toBe("none");
  });
});

describe("change labels and parameters", () => {
  const scaleMonth = { tierRank: 3, amount: 14900, interval: "month" as const };
  it("labels a same-tier interval change as a billing switch, not a downgrade", () => {
    expect(changeTitle(changeKind(proMonth, proYear))).toBe("Switch to yearly billing");
    expect(changeTitle(changeKind(starterMonth, starterYear))).toBe("Switch to yearly billing");
    expect(changeTitle(changeKind(proYear, proMonth))).toBe("Switch to monthly billing");
  });

  it("labels the rest by price per month", () => {
    expect(changeKind(starterYear, proMonth)).toBe("upgrade");
    expect(changeKind(scaleMonth, proYear)).toBe("downgrade");
    expect(changeKind(starterMonth, proYear)).toBe("upgrade");
  });

  it("sends no proration_date when nothing is prorated", () => {
    expect(prorationParams("none", 1_800_000_000)).toEqual({ proration_behavior: "none" });
    expect(prorationParams("always_invoice", 1_800_000_000)).toEqual({ proration_behavior: "always_invoice", proration_date: 1_800_000_000 });
  });

  it("compares seat counts as whole subscriptions: more seats is charged now, fewer credited later", () => {
    const teamMonth = { tierRank: 4, amount: 1200, interval: "month" as const };
    expect(prorationBehaviorFor(atSeats(teamMonth, 2), atSeats(teamMonth, 3), config)).toEqual({ direction: "upgrade", behavior: "always_invoice" });
    expect(prorationBehaviorFor(atSeats(teamMonth, 3), atSeats(teamMonth, 2), config)).toEqual({ direction: "downgrade", behavior: "create_prorations" });
    // Five Team seats cost more a month than one Pro: the switch to Pro is a downgrade.
    expect(changeDirection(atSeats(teamMonth, 5), proMonth)).toBe("downgrade");
    expect(seatChangeKind(2, 3)).toBe("add_seats");
    expect(changeTitle(seatChangeKind(3, 2))).toBe("Remove seats");
  });
});
