import { describe, expect, it } from "vitest";
import { decideWrite, isSettled } from "./version-guard";

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

describe("isSettled", () => {
  const row = { lastEventCreated: 100, lastEventId: "evt_a" };
  it("is settled by the same event or a newer one, never by an older one or a tie with another event", () => {
    expect(isSettled(row, { created: 100, eventId: "evt_a" })).toBe(true);
    expect(isSettled(row, { created: 99, eventId: "evt_b" })).toBe(true);
    expect(isSettled(row, { created: 100, eventId: "evt_b" })).toBe(false);
    expect(isSettled(row, { created: 101, eventId: "evt_b" })).toBe(false);
    expect(isSettled(null, { created: 1, eventId: "evt_b" })).toBe(false);
  });
});
