// More than one connection accepted per event-loop turn: the production server's listening socket is watched
// through several file descriptors of the same socket, so a burst of new connections is taken from the kernel's
// queue in a few turns instead of one turn each.
//
// Why: libuv (Node 20 and later) accepts one connection per descriptor per event-loop turn, and a turn also runs
// every request already in flight. When a sender opens 64 connections at once (`bench:webhooks` at c64; Stripe
// after a pause), the 64th waits behind 63 full turns while the first ones are being served: the app's c64 p99 was
// its first requests on new connections (README, "Webhook ingest"). Each descriptor here has its own watcher in
// the same epoll set, so one turn accepts up to `count` connections. There is still one socket and one accept
// queue: connections are served in the order they came, and closing it closes them all.
//
// Node has no dup(2); a short-lived child process hands the raw listening handle back over IPC, which gives this
// process a new descriptor each time (SCM_RIGHTS). The child never listens, so it takes no connection.
//
// ACCEPTS_PER_LOOP_TURN (default 16; 1 turns this off): each new connection wakes every descriptor, and all but
// one find the queue empty, a wasted accept(2) each (measured: 4 % of the throughput of a sender that opens a new
// connection for every request, at 64).
import { spawn } from "node:child_process";
import net from "node:net";

export const DEFAULT_ACCEPTS_PER_LOOP_TURN = 16;

/**
 * @param {string | undefined} setting ACCEPTS_PER_LOOP_TURN
 * @returns {number}
 */
export function acceptsPerLoopTurn(setting) {
  if (setting === undefined || setting.trim() === "") return DEFAULT_ACCEPTS_PER_LOOP_TURN;
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new Error(`ACCEPTS_PER_LOOP_TURN must be a whole number from 1 to 256, got "${setting}"`);
  }
  return count;
}

/**
 * Watches `server`'s listening socket through `count - 1` more descriptors, each handing its connections to
 * `server` as if it had accepted them. Call once `server` listens. Where the process does not own the socket (a
 * node:cluster worker, whose primary accepts) or on Windows, it adds none.
 * @param {import("node:http").Server} server
 * @param {number} count
 * @returns {Promise<import("node:net").Server[]>} the added listeners: close them with the server (`closeListeners`)
 */
export async function acceptOnMoreDescriptors(server, count) {
  // @ts-expect-error: _handle is Node's own; a TCP handle with a descriptor is the one case this applies to.
  const handle = server._handle;
  if (count <= 1 || process.platform === "win32" || !handle || typeof handle.fd !== "number" || handle.fd < 0) return [];
  const child = spawn(process.execPath, ["-e", "process.on('message', (m, handle) => process.send(m, handle))"], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  /** @type {import("node:net").Server[]} */
  const listeners = [];
  try {
    for (let i = 1; i < count; i += 1) {
      const copy = await new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`the descriptor helper exited (${code})`)));
        child.once("message", (_message, received) => resolve(received));
        child.send("descriptor", handle);
      });
      child.removeAllListeners("error");
      child.removeAllListeners("exit");
      // Connections accepted here belong to `server`: its timeouts, its connection list, its request handler.
      const listener = net.createServer((socket) => server.emit("connection", socket));
      listener.on("error", (error) => server.emit("error", error));
      await new Promise((resolve) => listener.listen(copy, () => resolve(undefined)));
      listeners.push(listener);
    }
  } catch (error) {
    closeListeners(listeners, () => {});
    throw error;
  } finally {
    if (child.connected) child.disconnect();
  }
  return listeners;
}

/**
 * Stops accepting on every descriptor and calls back when each has no open connection left.
 * @param {import("node:net").Server[]} servers the server and the listeners `acceptOnMoreDescriptors` added
 * @param {() => void} done
 */
export function closeListeners(servers, done) {
  let open = servers.length;
  if (open === 0) done();
  for (const server of servers) {
    server.close(() => {
      open -= 1;
      if (open === 0) done();
    });
  }
}
