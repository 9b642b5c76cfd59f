// Runs the embedded PostgreSQL on behalf of one owner process and stops it when that owner goes away.
// A postmaster whose parent is SIGKILLed is re-parented to init and would run forever; this small process sits
// between the two: the owner holds the write end of our stdin, and the kernel closes it however the owner dies,
// so EOF on stdin (or a changed parent pid) means "shut PostgreSQL down now". Plain JS so it starts with bare
// `node`, whatever loader (tsx, vitest) the owner uses.
import { spawn } from "node:child_process";

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
      { stdio: ["ignore", "inherit", "inherit"] },
    )
  : spawn(config.postgres, config.args, {
      stdio: ["ignore", "inherit", "inherit"],
      ...(asUser ? { uid: config.uid, gid: config.gid } : {}),
    });

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, remove postmaster.pid.
  postgres.kill("SIGINT");
  setTimeout(() => postgres.kill("SIGQUIT"), 20_000).unref();
  setTimeout(() => postgres.kill("SIGKILL"), 30_000).unref();
}

postgres.on("error", (error) => {
  process.stderr.write(`postgres-supervisor: cannot start postgres: ${error.message}\n`);
  process.exit(1);
});
postgres.on("exit", (code, signal) => {
  if (!stopping) process.stderr.write(`postgres-supervisor: postgres exited (code ${code}, signal ${signal})\n`);
  process.exit(stopping ? 0 : 1);
});

process.stdin.on("data", (chunk) => {
  if (String(chunk).includes("stop")) stop();
});
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);

// Belt and braces for platforms where a dead owner's pipe might linger: a new parent pid means re-parenting.
setInterval(() => {
  if (process.ppid !== originalParent) stop();
}, 500).unref();
