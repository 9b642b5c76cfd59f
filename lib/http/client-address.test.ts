import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddressFrom, normalizeAddress, SOCKET_ADDRESS_HEADER } from "./client-address";
import { installSocketAddressHook } from "./socket-address-hook";

describe("clientAddressFrom", () => {
  it("ignores X-Forwarded-For with no trusted proxy: the TCP peer decides (#12.2)", () => {
    for (const forwardedFor of ["203.0.113.50", "203.0.113.51", ",", "", "junk", undefined]) {
      expect(clientAddressFrom({ socketAddress: "198.51.100.7", forwardedFor, trustedHops: 0 })).toBe("198.51.100.7");
    }
  });

  it("takes the entry the outermost trusted proxy appended, never one the client typed", () => {
    // Client typed 203.0.113.50; the load balancer appended the real client 192.0.2.9; the peer is the balancer.
    const forwardedFor = "203.0.113.50, 192.0.2.9";
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor, trustedHops: 1 })).toBe("192.0.2.9");
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: "192.0.2.9, 10.0.0.3", trustedHops: 2 })).toBe("192.0.2.9");
  });

  it("answers null (the shared bucket) for missing or malformed addresses", () => {
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: ",", trustedHops: 1 })).toBeNull();
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: "", trustedHops: 1 })).toBeNull();
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: undefined, trustedHops: 1 })).toBeNull();
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: "192.0.2.9", trustedHops: 2 })).toBeNull();
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: "not-an-ip", trustedHops: 1 })).toBeNull();
    expect(clientAddressFrom({ socketAddress: undefined, forwardedFor: "192.0.2.9", trustedHops: 1 })).toBeNull();
    expect(clientAddressFrom({ socketAddress: null, forwardedFor: null, trustedHops: 0 })).toBeNull();
  });

  it("spells each address one way, so one client is one bucket", () => {
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("192.0.2.1:4567")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("203.0.113.300")).toBeNull();
    expect(normalizeAddress("a".repeat(100))).toBeNull();
  });
});

describe("installSocketAddressHook", () => {
  it("overwrites a client-sent socket-address header with the real TCP peer", async () => {
    installSocketAddressHook();
    const server = http.createServer((request, response) => response.end(String(request.headers[SOCKET_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [SOCKET_ADDRESS_HEADER]: "203.0.113.50", "x-forwarded-for": "203.0.113.50" } });
      expect(normalizeAddress(await response.text())).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
