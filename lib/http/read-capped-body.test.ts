import { describe, expect, it } from "vitest";
import { readCappedBody } from "./read-capped-body";

function streamed(parts: string[]): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Request("http://localhost/x", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readCappedBody", () => {
  it("returns the body when within the cap, multi-byte characters included", async () => {
    expect(await readCappedBody(streamed(["{\"a\":", "\"é€\"}"]), 100)).toBe('{"a":"é€"}');
  });

  it("refuses by declared length before reading", async () => {
    const req = new Request("http://localhost/x", { method: "POST", body: "small", headers: { "content-length": "5000" } });
    expect(await readCappedBody(req, 1000)).toBeNull();
  });

  it("refuses a chunked body once it passes the cap, counting bytes not characters", async () => {
    expect(await readCappedBody(streamed(["a".repeat(600), "b".repeat(600)]), 1000)).toBeNull();
    expect(await readCappedBody(streamed(["€".repeat(400)]), 1000)).toBeNull();
    expect(await readCappedBody(streamed(["a".repeat(1000)]), 1000)).toHaveLength(1000);
  });
});
