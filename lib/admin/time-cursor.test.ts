import { describe, expect, it } from "vitest";
import { decodeTimeCursor, pageByTime } from "./time-cursor";

const rows = [1, 2, 3].map((n) => ({ id: `row_${n}`, at: new Date(Date.UTC(2026, 10, 30, 0, 0, 10 - n)) }));

describe("time cursor paging", () => {
  it("returns the page and a cursor that decodes to its last row when more rows follow", () => {
    const page = pageByTime(rows, 2, (row) => row.at);
    expect(page.rows.map((row) => row.id)).toEqual(["row_1", "row_2"]);
    expect(decodeTimeCursor(page.nextCursor ?? undefined)).toEqual({ at: rows[1]!.at.toISOString(), id: "row_2" });
  });

  it("has no cursor on the last page", () => {
    expect(pageByTime(rows, 3, (row) => row.at).nextCursor).toBeNull();
  });

  it("treats a missing or unreadable cursor as the first page", () => {
    expect(decodeTimeCursor(undefined)).toBeNull();
    expect(decodeTimeCursor("not base64 json")).toBeNull();
    expect(decodeTimeCursor(Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url"))).toBeNull();
  });
});
