// The production server's process model, opt-in: WEB_CONCURRENCY=N runs N worker processes (node:cluster), each a
// whole server (the webhook fast path and Next), behind one listening port, like gunicorn's workers. For a host
// whose cores the server has to itself (the database elsewhere): a Node process runs JavaScript on one core. Off by
// default because, measured with `npm run bench:webhooks` on a 2-core machine that also runs the database and the
// sender, two workers spent about 45 % more CPU per delivery than one process (each event loop batches less per
// wake-up) and had the worse p99, for 2.9× the memory (README, "Webhook ingest"). The workers are what several
// instances behind a load balancer already are, so the multi-instance guarantees hold unchanged: nothing is
// shared in memory between them but the webhook rejection counter, which each worker keeps for itself.
//
// Plain JavaScript, run from Next's standalone output without a compiler, like the rest of server/.
import cluster from "node:cluster";
import os from "node:os";

/**
 * How many worker processes: WEB_CONCURRENCY (the usual name for it on Node and Python hosts), "cores" for one per
 * core the process may use; unset or 1: none, the process serves by itself.
 * @param {string | undefined} setting
 * @returns {number}
 */
export function workerCount(setting) {
  if (setting === undefined || setting.trim() === "") return 1;
  if (setting.trim() === "cores") return os.availableParallelism();
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to 64 (worker processes) or "cores", got "${setting}"`);
  }
  return count;
}

/**
 * The primary: starts `count` workers (this same script, which then serves), says `readyLine` once every worker
 * listens, replaces a worker that dies after that, and on SIGTERM/SIGINT passes the signal on, waits for the
 * workers to finish their in-flight requests, and exits. A worker that dies before the server is ready (a bad
 * environment, a port in use) fails the whole start instead of being restarted in a loop. Workers notice a
 * primary that was killed (their IPC channel closes) and exit on their own.
 * @param {number} count
 * @param {string} readyLine
 */
export function superviseWorkers(count, readyLine) {
  let listening = 0;
  let ready = false;
  let stopping = false;
  let exitCode = 0;
  // Tracked here: cluster.workers may still list a worker when its exit is reported (until its IPC closes).
  /** @type {Set<import("node:cluster").Worker>} */
  const live = new Set();
  const fork = () => live.add(cluster.fork());
  cluster.on("listening", () => {
    listening += 1;
    if (!ready && listening === count) {
      ready = true;
      console.log(readyLine);
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker);
    if (stopping) {
      if (live.size === 0) process.exit(exitCode);
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!ready) {
      console.error(`server worker ${worker.process.pid} exited during start (${how})`);
      stopAll("SIGTERM", 1);
      return;
    }
    console.error(`server worker ${worker.process.pid} exited (${how}); starting another`);
    fork();
  });

  /** @param {NodeJS.Signals} signal @param {number} code */
  function stopAll(signal, code) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (live.size === 0) process.exit(exitCode);
    for (const worker of live) worker.process.kill(signal);
    // The workers allow themselves 5 s for in-flight requests; this is the backstop.
    setTimeout(() => process.exit(exitCode), 6000).unref();
  }
  for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) process.once(signal, () => stopAll(signal, 0));

  for (let i = 0; i < count; i += 1) fork();
}
