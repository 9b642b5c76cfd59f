import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseUnroutedMethods } from "./refuse-unrouted-methods";

let server: Server;
let port: number;

beforeAll(async () => {
  refuseUnroutedMethods();
  server = createServer((_req, res) => res.end("routed"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path: "/_next/static/x.js" }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("refuseUnroutedMethods", () => {
  it("answers TRACE and other methods Next does not route 405 with security headers, on any path", async () => {
    for (const method of ["TRACE", "PROPFIND", "LOCK"]) {
      const res = await send(method);
      expect(res.status, method).toBe(405);
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.body).not.toBe("routed");
    }
  });

  it("leaves methods Node's parser does not know (TRACK) to Node, which answers 400 before any code runs", async () => {
    expect((await send("TRACK")).status).toBe(400);
  });

  it("passes the methods Next routes to the server", async () => {
    expect(await send("GET")).toMatchObject({ status: 200, body: "routed" });
  });
});
