import { describe, expect, it } from "vitest";
import { decideWrite } from "./versioned-write";

describe("decideWrite", () => {
  const row = { lastEventCreated: 100, lastEventId: "evt_a" };
  it("applies newer, skips older", () => {
    expect(decideWrite(row, { created: 101, eventId: "evt_b" })).toBe("apply");
    expect(decideWrite(row, { created: 99, eventId: "evt_b" })).toBe("skip");
  });
  it("refetches on a tie between different events, re-applies the same event", () => {
    expect(decideWrite(row, { created: 100, eventId: "evt_b" })).toBe("refetch");
    expect(decideWrite(row, { created: 100, eventId: "evt_a" })).toBe("apply");
  });
  it("trusts a freshly retrieved object on a tie", () => {
    expect(decideWrite(row, { created: 100, eventId: "evt_b" }, true)).toBe("apply");
    expect(decideWrite(row, { created: 99, eventId: "evt_b" }, true)).toBe("skip");
  });
});
