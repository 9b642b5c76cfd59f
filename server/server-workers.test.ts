// The production server's opt-in worker processes (server/server-workers.mjs), with real processes: a primary that
// runs `superviseWorkers` around a small node:http worker shaped like production-server.mjs's (listen, answer,
// finish in-flight requests on SIGTERM). The ready line comes once all listen, requests reach every worker, a dead
// worker is replaced, a worker that cannot start fails the start, and SIGTERM stops them all after in-flight work.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort } from "@asset-anchor/local-stack/free-port";
import { workerCount } from "@/server/server-workers.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "server-workers-"));
const fixture = path.join(dir, "fixture.mjs");
writeFileSync(
  fixture,
  `import cluster from "node:cluster";
import http from "node:http";
import { superviseWorkers } from ${JSON.stringify(pathToFileURL(path.resolve("server/server-workers.mjs")).href)};
const port = Number(process.env.PORT);
if (cluster.isPrimary) superviseWorkers(Number(process.env.WORKERS), "ready on " + port);
else if (process.env.FAIL_START) process.exit(3);
else {
  const server = http.createServer((req, res) => {
    const delay = req.url === "/slow" ? 500 : 0;
    setTimeout(() => res.end(String(process.pid)), delay);
  });
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
`,
);

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Primary = { child: ChildProcess; port: number; stdout: string[]; stderr: string[]; exited: Promise<number | null> };

async function startPrimary(workers: number, env: Record<string, string> = {}): Promise<Primary> {
  const port = await freePort();
  const child = spawn(process.execPath, [fixture], { env: { ...process.env, ...env, PORT: String(port), WORKERS: String(workers) } });
  started.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, port, stdout, stderr, exited };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pid of the worker that answered, each request on its own connection. */
function askPid(port: number, url = "/"): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: url, agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve(Number(body)));
      })
      .on("error", reject);
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("workerCount (WEB_CONCURRENCY)", () => {
  it("serves in one process unless asked for workers", () => {
    expect(workerCount(undefined)).toBe(1);
    expect(workerCount("")).toBe(1);
    expect(workerCount("1")).toBe(1);
    expect(workerCount("3")).toBe(3);
    expect(workerCount("cores")).toBe(os.availableParallelism());
  });

  it("refuses a value that is not a worker count, naming the variable", () => {
    for (const bad of ["0", "-2", "1.5", "two", "65"]) expect(() => workerCount(bad)).toThrow(/WEB_CONCURRENCY/);
  });
});

describe("superviseWorkers", () => {
  it("says ready once all workers listen, and spreads connections over them", async () => {
    const primary = await startPrimary(2);
    await until(() => primary.stdout.length > 0, "the ready line");
    expect(primary.stdout).toEqual([`ready on ${primary.port}`]);
    const pids = new Set(await Promise.all(Array.from({ length: 8 }, () => askPid(primary.port))));
    expect(pids.size).toBe(2);
    expect(pids.has(primary.child.pid!)).toBe(false);
  });

  it("replaces a worker that dies after the start", async () => {
    const primary = await startPrimary(2);
    await until(() => primary.stdout.length > 0, "the ready line");
    const before = new Set(await Promise.all(Array.from({ length: 8 }, () => askPid(primary.port))));
    const [victim] = [...before];
    process.kill(victim!, "SIGKILL");
    await until(() => primary.stderr.some((line) => line.includes("starting another")), "the replacement");
    // The replacement is serving once eight connections in a row reach two workers, neither of them the victim.
    let after = new Set<number>();
    for (let attempt = 0; attempt < 50 && after.size < 2; attempt += 1) {
      after = new Set(await Promise.all(Array.from({ length: 8 }, () => askPid(primary.port).catch(() => 0))));
      after.delete(0);
      if (after.size < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(after.size).toBe(2);
    expect(after.has(victim!)).toBe(false);
    expect(primary.child.exitCode).toBeNull();
  });

  it("fails the start when a worker cannot start, instead of restarting it in a loop", async () => {
    const primary = await startPrimary(2, { FAIL_START: "1" });
    expect(await primary.exited).toBe(1);
    expect(primary.stdout).toEqual([]);
    expect(primary.stderr.join("\n")).toMatch(/exited during start \(code 3\)/);
  });

  it("on SIGTERM lets in-flight requests finish, stops every worker and exits 0", async () => {
    const primary = await startPrimary(2);
    await until(() => primary.stdout.length > 0, "the ready line");
    const workers = new Set(await Promise.all(Array.from({ length: 8 }, () => askPid(primary.port))));
    const inFlight = askPid(primary.port, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 100));
    primary.child.kill("SIGTERM");
    expect(workers.has(await inFlight)).toBe(true);
    expect(await primary.exited).toBe(0);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
  });
});
