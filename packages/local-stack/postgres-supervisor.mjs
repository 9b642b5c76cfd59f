// Runs the embedded PostgreSQL while anyone uses it, and stops it when nobody does, however they went away.
// A postmaster whose parent is SIGKILLed is re-parented to init and would run forever; this small process sits
// between the two. Users hold leases the kernel releases when they die: the owner (who started us) holds the
// write end of our stdin; processes that attach later hold a connection to our Unix socket. When the owner's
// stdin closes and no attached lease remains, PostgreSQL gets a fast shutdown. Plain JS so it starts with bare
// `node`, whatever loader (tsx, vitest) the owner uses.
import { spawn } from "node:child_process";
import { unlinkSync } from "node:fs";
import net from "node:net";

const config = JSON.parse(process.argv[2] ?? "{}");
const originalParent = process.ppid;

// Where util-linux's setpriv exists, PostgreSQL also gets a parent-death signal: should this supervisor itself
// be SIGKILLed, the kernel sends the postmaster SIGINT (fast shutdown) instead of leaving it orphaned.
// setpriv drops to the postgres user before arming it, as a credential change would clear it.
const asUser = typeof config.uid === "number";
const postgres = config.setpriv
  ? spawn(
      config.setpriv,
      [
        "--pdeathsig",
        "INT",
        ...(asUser ? [`--reuid=${config.uid}`, `--regid=${config.gid}`, "--clear-groups"] : []),
        "--",
        config.postgres,
        ...config.args,
      ],
      { stdio: ["ignore", 2, 2] },
    )
  : spawn(config.postgres, config.args, {
      // Our stdout answers the owner; PostgreSQL's output goes to our stderr, the log file.
      stdio: ["ignore", 2, 2],
      ...(asUser ? { uid: config.uid, gid: config.gid } : {}),
    });

let ownerPresent = true;
let attached = 0;
let stopping = false;
let listener = null;

function stop() {
  if (stopping) return;
  stopping = true;
  listener?.close();
  if (config.leaseSocket) {
    try {
      unlinkSync(config.leaseSocket);
    } catch {
      // already gone
    }
  }
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, remove postmaster.pid.
  postgres.kill("SIGINT");
  setTimeout(() => postgres.kill("SIGQUIT"), 20_000).unref();
  setTimeout(() => postgres.kill("SIGKILL"), 30_000).unref();
}

function ownerLeft() {
  if (!ownerPresent) return;
  ownerPresent = false;
  // Tells a stopping owner whether to wait for the shutdown or leave the server to those still attached.
  process.stdout.write(attached === 0 ? "stopping\n" : `staying for ${attached}\n`, () => undefined);
  if (attached === 0) stop();
}

postgres.on("error", (error) => {
  process.stderr.write(`postgres-supervisor: cannot start postgres: ${error.message}\n`);
  process.exit(1);
});
postgres.on("exit", (code, signal) => {
  if (!stopping) process.stderr.write(`postgres-supervisor: postgres exited (code ${code}, signal ${signal})\n`);
  process.exit(stopping ? 0 : 1);
});

if (config.leaseSocket) {
  try {
    unlinkSync(config.leaseSocket);
  } catch {
    // no leftover from a killed run
  }
  listener = net.createServer((socket) => {
    socket.on("error", () => undefined);
    if (stopping) {
      socket.destroy();
      return;
    }
    attached += 1;
    // The attacher counts as attached only once it reads this: a connection caught in a closing listener
    // never gets it, and the attacher then waits for this server to go and starts its own.
    socket.write("ok\n");
    socket.on("close", () => {
      attached -= 1;
      if (!ownerPresent && attached === 0) stop();
    });
  });
  listener.on("error", (error) => process.stderr.write(`postgres-supervisor: lease socket: ${error.message}\n`));
  listener.listen(config.leaseSocket);
}

// The owner's `stop()` ends our stdin; so does the kernel when the owner dies.
process.stdout.on("error", () => undefined);
process.stdin.on("end", ownerLeft);
process.stdin.on("error", ownerLeft);
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);

// Belt and braces for platforms where a dead owner's pipe might linger: a new parent pid means re-parenting.
setInterval(() => {
  if (process.ppid !== originalParent) ownerLeft();
}, 500).unref();
