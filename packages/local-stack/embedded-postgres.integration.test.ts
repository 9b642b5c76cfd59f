import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { ensureEmbeddedPostgres, isProcessAlive, readRecord, recordPathFor, setprivPath } from "./embedded-postgres";

// Each test uses its own data folder (not the suite's shared server): these tests start, kill and restart servers.
const folders: string[] = [];
function freshDataDir(): string {
  const dir = path.resolve(".data", `test-embedded-${Date.now()}-${randomBytes(3).toString("hex")}`, "pg");
  folders.push(path.dirname(dir));
  return dir;
}

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Processes whose command line names `dataDir`: postgres itself, its workers, and our supervisor. */
function processesUsing(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dataDir)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

type OwnerInfo = { databaseUrl: string; postmasterPid: number; supervisorPid: number; startedHere: boolean };

/** Starts testing/embedded-owner.ts in its own node process and waits for its report. */
async function startOwner(dataDir: string): Promise<{ child: ChildProcess; info: OwnerInfo }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "testing/embedded-owner.ts"), dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<OwnerInfo>((resolve, reject) => {
    lines.once("line", (line) => resolve(JSON.parse(line) as OwnerInfo));
    child.once("exit", (code) => reject(new Error(`owner exited early with code ${code}`)));
  });
  return { child, info };
}

// Servers start and stop under whatever else shares the CPU: generous limits.
describe("embedded PostgreSQL", { timeout: 90_000 }, () => {
  test("a second start reuses the data folder: a row written survives stop and start", async () => {
    const dataDir = freshDataDir();
    let began = Date.now();
    const first = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
    const firstStartMs = Date.now() - began;
    expect(first.startedHere).toBe(true);
    const [{ id: systemId }] = await query<{ id: string }>(
      first.adminUrl,
      "select system_identifier::text as id from pg_control_system()",
    ) as [{ id: string }];
    await query(first.databaseUrl, "create table kept (note text)");
    await query(first.databaseUrl, "insert into kept values ($1)", ["written before the restart"]);

    // Attaching while it runs starts nothing and its stop() leaves the server up.
    const attached = await ensureEmbeddedPostgres({ dataDir });
    expect(attached.startedHere).toBe(false);
    expect(attached.databaseUrl).toBe(first.databaseUrl);
    await attached.stop();
    expect(await query(first.databaseUrl, "select 1 as one")).toEqual([{ one: 1 }]);

    await first.stop();
    const stopped = await readRecord(dataDir);
    expect(stopped?.postmasterPid).toBeNull();
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);

    began = Date.now();
    const second = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
    const restartMs = Date.now() - began;
    try {
      expect(second.startedHere).toBe(true);
      expect(await query(second.databaseUrl, "select note from kept")).toEqual([{ note: "written before the restart" }]);
      // Same cluster, not a re-initialised one.
      expect(
        await query(second.adminUrl, "select system_identifier::text as id from pg_control_system()"),
      ).toEqual([{ id: systemId }]);
      // Loopback only.
      expect(await query(second.adminUrl, "show listen_addresses")).toEqual([{ listen_addresses: "127.0.0.1" }]);
    } finally {
      await second.stop();
    }
    console.log(`embedded PostgreSQL: first start (initdb + start) ${firstStartMs} ms, restart ${restartMs} ms`);
  });

  test("the server lives while a process attached to it runs, and stops when the last one goes", async () => {
    const dataDir = freshDataDir();
    const { child, info } = await startOwner(dataDir);
    // This test process attaches while the owner runs; then the owner dies (SIGKILL: no cleanup of its own).
    const attached = await ensureEmbeddedPostgres({ dataDir });
    expect(attached.startedHere).toBe(false);
    child.kill("SIGKILL");
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await query(attached.databaseUrl, "select 1 as one")).toEqual([{ one: 1 }]);
    expect(isProcessAlive(info.postmasterPid)).toBe(true);

    await attached.stop();
    expect(await waitFor(() => processesUsing(dataDir).length === 0, 20_000)).toBe(true);
  });

  test("SIGKILL of the owning process leaves no postgres process behind, and the next start works", async () => {
    const dataDir = freshDataDir();
    const { child, info } = await startOwner(dataDir);
    expect(info.startedHere).toBe(true);
    expect(isProcessAlive(info.postmasterPid)).toBe(true);
    expect(processesUsing(dataDir).length).toBeGreaterThan(1);
    await query(info.databaseUrl, "create table survived (n int)");
    await query(info.databaseUrl, "insert into survived values (42)");

    child.kill("SIGKILL");
    const gone = await waitFor(
      () => !isProcessAlive(info.postmasterPid) && !isProcessAlive(info.supervisorPid) && processesUsing(dataDir).length === 0,
      20_000,
    );
    expect(processesUsing(dataDir)).toEqual([]);
    expect(gone).toBe(true);

    const again = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
    try {
      expect(again.startedHere).toBe(true);
      expect(await query(again.databaseUrl, "select n from survived")).toEqual([{ n: 42 }]);
    } finally {
      await again.stop();
    }
    expect(processesUsing(dataDir)).toEqual([]);
  });

  test("starts over a stale postmaster.pid: after a kill -9 of everything, and with a recycled pid", async () => {
    const dataDir = freshDataDir();
    const { child, info } = await startOwner(dataDir);
    // Kill supervisor and postmaster outright: nothing gets to clean up, postmaster.pid stays behind.
    process.kill(info.supervisorPid, "SIGKILL");
    process.kill(info.postmasterPid, "SIGKILL");
    child.kill("SIGKILL");
    await waitFor(() => processesUsing(dataDir).length === 0, 20_000);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);

    const afterCrash = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
    expect(afterCrash.startedHere).toBe(true);
    const lockFile = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8");
    await afterCrash.stop();

    // A lock file naming a pid that now belongs to another live process (pid 1) must not block the start.
    await writeFile(path.join(dataDir, "postmaster.pid"), lockFile.replace(/^\d+/, "1"));
    const recycled = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
    try {
      expect(await query(recycled.databaseUrl, "select 1 as one")).toEqual([{ one: 1 }]);
    } finally {
      await recycled.stop();
    }
  });

  test("a SIGKILLed supervisor leaves no lasting orphan: PostgreSQL stops itself or the next start replaces it", async () => {
    const dataDir = freshDataDir();
    const { child, info } = await startOwner(dataDir);
    try {
      process.kill(info.supervisorPid, "SIGKILL");
      await waitFor(() => !isProcessAlive(info.supervisorPid), 5_000);
      if (setprivPath()) {
        // The parent-death signal: the postmaster shuts down on its own.
        expect(await waitFor(() => !isProcessAlive(info.postmasterPid), 15_000)).toBe(true);
      }
      const replacement = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
      try {
        expect(replacement.startedHere).toBe(true);
        expect(isProcessAlive(info.postmasterPid)).toBe(false);
        expect(await query(replacement.adminUrl, "select 1 as one")).toEqual([{ one: 1 }]);
      } finally {
        await replacement.stop();
      }
    } finally {
      child.kill("SIGKILL");
    }
    expect(await waitFor(() => processesUsing(dataDir).length === 0, 10_000)).toBe(true);
    expect(existsSync(recordPathFor(dataDir))).toBe(true);
  });
});
