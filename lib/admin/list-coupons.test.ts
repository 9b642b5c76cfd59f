import { describe, expect, it } from "vitest";
import { redeemableState } from "./list-coupons";

const NOW = 1_800_000_000;
const base = { valid: true, expiresAt: null, timesRedeemed: 0, maxRedemptions: null };

describe("redeemableState", () => {
  it("names why Stripe's valid: false holds: past its date, out of redemptions, or switched off", () => {
    expect(redeemableState(base, NOW)).toBe("active");
    expect(redeemableState({ ...base, valid: false, expiresAt: NOW - 1 }, NOW)).toBe("expired");
    expect(redeemableState({ ...base, expiresAt: NOW }, NOW)).toBe("expired");
    expect(redeemableState({ ...base, valid: false, timesRedeemed: 5, maxRedemptions: 5 }, NOW)).toBe("used up");
    expect(redeemableState({ ...base, valid: false }, NOW)).toBe("inactive");
    expect(redeemableState({ ...base, expiresAt: NOW + 60, timesRedeemed: 4, maxRedemptions: 5 }, NOW)).toBe("active");
  });
});
