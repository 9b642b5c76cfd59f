import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./verify-credentials";

describe("clientIpFrom", () => {
  it("takes the address our nearest hop appended, not what the client typed first", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "1.2.3.4, 198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIpFrom({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    expect(clientIpFrom({ "x-forwarded-for": ["10.0.0.1", "10.0.0.2"] })).toBe("10.0.0.2");
  });

  it("falls back to X-Real-IP, then to nothing", () => {
    expect(clientIpFrom({ "x-real-ip": " 192.0.2.1 " })).toBe("192.0.2.1");
    expect(clientIpFrom({})).toBeNull();
    expect(clientIpFrom(new Headers({ "x-forwarded-for": " , " }))).toBeNull();
  });
});
