// The production server's extra descriptors of its listening socket (server/accept-descriptors.mjs), on real
// sockets: how many connections one event-loop turn accepts, that every connection reaches the server's own
// handler, and that closing stops accepting and waits for in-flight requests.
import { spawnSync } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import http from "node:http";
import type { AddressInfo, Server as NetServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { acceptOnMoreDescriptors, acceptsPerLoopTurn, closeListeners, DEFAULT_ACCEPTS_PER_LOOP_TURN } from "@/server/accept-descriptors.mjs";

const opened: { server: http.Server; listeners: NetServer[] }[] = [];
afterEach(async () => {
  for (const { server, listeners } of opened.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => closeListeners([server, ...listeners], resolve));
  }
});

async function start(count: number, handler: http.RequestListener = (_req, res) => res.end("served")) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const listeners = await acceptOnMoreDescriptors(server, count);
  opened.push({ server, listeners });
  return { server, listeners, port: (server.address() as AddressInfo).port };
}

/** Opens `count` connections to `port` from another process and closes them, all while this process's event loop
 * is blocked: they wait, handshake done, in the kernel's accept queue. */
function queueConnections(port: number, count: number) {
  const script = `const net = require("node:net"); let open = 0;
for (let i = 0; i < ${count}; i++) net.connect(${port}, "127.0.0.1", function () { if (++open === ${count}) process.exit(0); });`;
  const result = spawnSync(process.execPath, ["-e", script], { timeout: 10_000 });
  expect(result.status).toBe(0);
}

/** The most connections accepted in one event-loop turn (a turn ends with its check phase, where setImmediate runs). */
async function mostAcceptedInOneTurn(server: http.Server, port: number, connections: number): Promise<number> {
  const perTurn: number[] = [0];
  let seen = 0;
  const done = new Promise<void>((resolve) => {
    server.on("connection", () => {
      perTurn[perTurn.length - 1]! += 1;
      if (++seen === connections) resolve();
    });
  });
  queueConnections(port, connections);
  let counting = true;
  const nextTurn = () => {
    perTurn.push(0);
    if (counting) setImmediate(nextTurn);
  };
  setImmediate(nextTurn);
  await done;
  counting = false;
  return Math.max(...perTurn);
}

function get(port: number, path = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("ACCEPTS_PER_LOOP_TURN", () => {
  it("defaults to 16, takes a whole number from 1 to 256, and names itself when wrong", () => {
    expect(acceptsPerLoopTurn(undefined)).toBe(DEFAULT_ACCEPTS_PER_LOOP_TURN);
    expect(acceptsPerLoopTurn(" ")).toBe(16);
    expect(acceptsPerLoopTurn("1")).toBe(1);
    expect(acceptsPerLoopTurn("256")).toBe(256);
    for (const bad of ["0", "257", "2.5", "many", "-4"]) expect(() => acceptsPerLoopTurn(bad)).toThrow(/ACCEPTS_PER_LOOP_TURN .*1 to 256/);
  });
});

describe.runIf(process.platform === "linux")("more descriptors of the listening socket", () => {
  it("are the same socket: one accept queue", async () => {
    const { server } = await start(8);
    const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
    const socketOf = (n: string) => {
      try {
        return readlinkSync(`/proc/self/fd/${n}`);
      } catch {
        return null; // closed while listing
      }
    };
    const target = socketOf(String(fd));
    expect(target).toMatch(/^socket:\[\d+\]$/);
    expect(readdirSync("/proc/self/fd").filter((n) => socketOf(n) === target)).toHaveLength(8);
  });

  it("let one event-loop turn accept as many connections as there are descriptors (one without them)", async () => {
    const one = await start(1);
    expect(one.listeners).toHaveLength(0);
    expect(await mostAcceptedInOneTurn(one.server, one.port, 32)).toBe(1);

    const eight = await start(8);
    expect(eight.listeners).toHaveLength(7);
    expect(await mostAcceptedInOneTurn(eight.server, eight.port, 32)).toBe(8);
  });

  it("hand every connection to the server's own handler, whichever descriptor accepted it", async () => {
    const { port, listeners } = await start(8, (req, res) => res.end(`served ${req.url}`));
    let throughMore = 0;
    for (const listener of listeners) listener.on("connection", () => (throughMore += 1));
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => get(port, `/${i}`)));
    expect(answers.map((a) => `${a.status} ${a.body}`)).toEqual(Array.from({ length: 64 }, (_, i) => `200 served /${i}`));
    expect(throughMore).toBeGreaterThan(0);
  });

  it("close together: no new connection after, in-flight requests finish first", async () => {
    const { server, listeners, port } = await start(8, (_req, res) => setTimeout(() => res.end("late"), 300));
    const inFlight = Array.from({ length: 16 }, () => get(port).then((answer) => ({ ...answer, at: performance.now() })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = new Promise<number>((resolve) => closeListeners([server, ...listeners], () => resolve(performance.now())));
    opened.pop();
    const answers = await Promise.all(inFlight);
    expect(answers.every((a) => a.status === 200 && a.body === "late")).toBe(true);
    expect(await closed).toBeGreaterThanOrEqual(Math.max(...answers.map((a) => a.at)) - 50);
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
