import { describe, expect, it } from "vitest";
import { resentAcrossKill } from "./emails";

// The one duplicate email the suite lets through: the first copy accepted just before a SIGKILL (the sender died
// before its "sent" mark), the second after it. Any other pair of copies stays a failure.
describe("resentAcrossKill", () => {
  const kill = 1_000_000;

  it("accepts a first copy in the moments before a kill and a second after it", () => {
    expect(resentAcrossKill([kill - 300, kill + 180_000], [kill])).toBe(true);
  });

  it("accepts a first copy recorded just after the kill (its bytes were sent before it, parsed after)", () => {
    expect(resentAcrossKill([kill + 400, kill + 150_000], [kill])).toBe(true);
  });

  it("refuses two copies with no kill, or a kill that came long after the first copy", () => {
    expect(resentAcrossKill([kill - 300, kill + 180_000], [])).toBe(false);
    expect(resentAcrossKill([kill - 10_000, kill + 180_000], [kill])).toBe(false);
    expect(resentAcrossKill([kill + 10_000, kill + 180_000], [kill])).toBe(false);
  });

  it("refuses copies both sent before, or both after, the kill", () => {
    expect(resentAcrossKill([kill - 900, kill - 100], [kill])).toBe(false);
    expect(resentAcrossKill([kill + 100, kill + 900], [kill])).toBe(false);
  });

  it("finds the kill among several", () => {
    expect(resentAcrossKill([kill - 100, kill + 5_000], [kill - 60_000, kill, kill + 60_000])).toBe(true);
  });
});
