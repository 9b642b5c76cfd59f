// Finding #12.6 replayed: next-auth's client-log endpoint took anything from anyone and logged it as an error.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as log from "@/lib/log";
import { POST } from "./route";

afterEach(() => vi.restoreAllMocks());

describe("POST /api/auth/_log", () => {
  it("is refused with 404 and writes nothing to the log, whatever the size", async () => {
    const logger = log.getLogger();
    const written = [vi.spyOn(logger, "error"), vi.spyOn(logger, "warn"), vi.spyOn(logger, "info")];
    for (const body of ["code=CLIENT_FETCH_ERROR&level=error&message=hello", `level=error&code=X&message=${"A".repeat(200_000)}`]) {
      const request = new NextRequest("http://localhost:5050/api/auth/_log", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      const response = await POST(request, { params: Promise.resolve({ nextauth: ["_log"] }) });
      expect(response.status).toBe(404);
    }
    for (const spy of written) expect(spy).not.toHaveBeenCalled();
  });
});
