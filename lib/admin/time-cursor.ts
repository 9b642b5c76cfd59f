// Keyset paging for newest-first listings ordered by (time, id): the audit log and the webhook ledger.

export type TimeCursor = { at: string; id: string };

/** An unreadable cursor means the first page, never an error. */
export function decodeTimeCursor(cursor: string | undefined): TimeCursor | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && !Number.isNaN(Date.parse(value[0]))) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the first page
  }
  return null;
}

/** Rows fetched with LIMIT limit + 1: the page, and the cursor of its last row when more follow. */
export function pageByTime<T extends { id: string }>(rows: T[], limit: number, timeOf: (row: T) => Date) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(JSON.stringify([timeOf(last).toISOString(), last.id])).toString("base64url") : null;
  return { rows: page, nextCursor };
}
