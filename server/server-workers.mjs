// The production server's process model: one worker process per core (node:cluster), each a whole server (the
// webhook fast path and Next), sharing one listening port. Why: a Node process runs JavaScript on one core, and
// at 16–64 concurrent deliveries the one event loop was the queue (p99 at c64 1.6× the guide's Flask stack, which
// runs one gunicorn worker per core); figures in the README, "Webhook ingest". The workers are what several
// instances behind a load balancer already are (the multi-instance guarantees hold unchanged): nothing is shared
// in memory between them, only the database.
//
// Plain JavaScript, run from Next's standalone output without a compiler, like the rest of server/.
import cluster from "node:cluster";
import os from "node:os";

/**
 * How many worker processes: WEB_CONCURRENCY (the usual name for it on Node and Python hosts) when set, else one
 * per core the process may use. 1 serves in the process itself, without a primary.
 * @param {string | undefined} setting
 * @returns {number}
 */
export function workerCount(setting) {
  if (setting === undefined || setting.trim() === "") return os.availableParallelism();
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to 64 (worker processes), got "${setting}"`);
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
  cluster.on("listening", () => {
    listening += 1;
    if (!ready && listening === count) {
      ready = true;
      console.log(readyLine);
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!ready) {
      console.error(`server worker ${worker.process.pid} exited during start (${how})`);
      stopAll("SIGTERM", 1);
      return;
    }
    console.error(`server worker ${worker.process.pid} exited (${how}); starting another`);
    cluster.fork();
  });

  /** @param {NodeJS.Signals} signal @param {number} code */
  function stopAll(signal, code) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill(signal);
    // The workers allow themselves 5 s for in-flight requests; this is the backstop.
    setTimeout(() => process.exit(exitCode), 6000).unref();
  }
  for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) process.once(signal, () => stopAll(signal, 0));

  for (let i = 0; i < count; i += 1) cluster.fork();
}
