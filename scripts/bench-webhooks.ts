// npm run bench:webhooks — a benchmark, not a test. Starts the app as production runs it on a throwaway
// PostgreSQL, fires SDK-signed events at concurrency 1, 16 and 64 (mixed types, 10 % duplicates), checks that
// every event was applied exactly once, and compares, in the same run and on the same database, with:
// - the leanest floor: node:http + the SDK's verify + the app's own statement for each event, prepared
//   (scripts/bench-webhooks-floor.ts, scripts/bench/webhook-statements.ts);
// - the guide's stack: its Flask sample handler with stripe-python and psycopg2 sending the same statements,
//   under gunicorn with one sync worker per core (scripts/bench/flask_webhook.py; Debian's python3-flask,
//   python3-stripe, python3-psycopg2 and gunicorn; skipped with the reason printed when they are missing).
// Last line: `c16: <N> events/s, p99 <N> ms, floor ratio <R>, flask ratio <R>`.
// Options: --events=<n> events per level (default 2000), --no-build (use .next as it is),
// --cpu-prof=<dir> (a CPU profile of the app's server, written when it stops), --app=next-start (the same build
// behind `next start`, for comparison), --levels=<list> (some of 1,16,64), --warmup=<n> unmeasured events per
// target and level before the rounds (default 200),
// BENCH_DATABASE_URL=<server url> (a database is created on it and dropped; default: a throwaway embedded server).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import pg from "pg";
import Stripe from "stripe";
import { ensureEmbeddedPostgres, type EmbeddedPostgres } from "@asset-anchor/local-stack/embedded-postgres";
import { applyMigrations, quoteIdent, runAdminStatement, withDatabase } from "@asset-anchor/local-stack/migrations";
import { createPrng } from "@asset-anchor/stripe-local/prng";
import { freePort } from "@asset-anchor/local-stack/free-port";
import { buildApp, buildIsStale } from "@asset-anchor/local-stack/next-build";
import { checkFlaskParameters, writeFlaskStatements } from "./bench/flask-statements";
import { productionServer } from "./lib/production-server";

const ROOT = process.cwd();
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const EVENTS = Number(arg("events") ?? 2000);
const WARMUP = Number(arg("warmup") ?? 200);
// --levels=1,64: only these concurrency levels (to profile one); default all three.
const LEVELS = (arg("levels")?.split(",").map(Number) ?? [1, 16, 64]).filter((level) => [1, 16, 64].includes(level));
const TENANTS = 500;
const WEBHOOK_SECRET = `whsec_bench${randomBytes(12).toString("hex")}`;
const signer = new Stripe("sk_test_bench", { telemetry: false });

type TargetName = "floor" | "flask" | "app";
type Target = { name: TargetName; port: number; pid: number | undefined };
type RunResult = {
  count: number; seconds: number; p50: number; p99: number; non200: number; cpuMs: number; latencies: number[];
  /** CPU of the whole PostgreSQL server (every backend, whoever's) while this target's deliveries were sent; 0 when
   * the server is not a process of this machine. */
  databaseCpuMs: number;
  /** Latencies of the requests that opened their connection: each round's agent opens `concurrency` of them. */
  firstOnConnection: number[];
};
// Each target's events have their own ids and objects: one target's events must not be duplicates of another's
// (floor and flask once shared a prefix, so Flask replayed the floor's events, already applied, which is less work).
const PREFIX: Record<TargetName, string> = { floor: "f", flask: "k", app: "a" };
// Each level's deliveries are sent in rounds, the targets taking turns: on a machine shared with other work, a
// burst of load then falls on every target alike instead of on whichever ran during it.
const ROUNDS = 4;

/** CPU time (user + system, ms) of a process and its descendants, from /proc (Linux); 0 elsewhere. */
function treeCpuMs(rootPid: number | undefined): number {
  if (!rootPid || !existsSync("/proc")) return 0;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  let ticks = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, info] of stats) if (info.ppid === pid) queue.push(child);
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** The PostgreSQL server's main process (the parent of this connection's backend), when it runs on this machine. */
let databasePid: number | undefined;
async function findDatabasePid(db: pg.Client): Promise<number | undefined> {
  const backend = (await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
  try {
    const stat = readFileSync(`/proc/${backend}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined; // another machine's server
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Groups of five events per object set (subscription created → active, invoice paid, charge, an unhandled type),
 * one second apart so no two events of one object tie; 10 % of events delivered twice; all shuffled. */
function makeEvents(prefix: string, count: number, seed: number): { bodies: string[]; uniqueIds: string[]; groups: number } {
  const random = createPrng(seed);
  const groups = Math.ceil(count / 5);
  const base = 1_790_000_000;
  const events: object[] = [];
  for (let g = 0; g < groups; g += 1) {
    const customer = `cus_bench_${g % TENANTS}`;
    const t = base + g * 10;
    const sub = (status: string) => ({
      id: `sub_${prefix}_${g}`,
      object: "subscription",
      customer,
      status,
      metadata: {},
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      trial_end: null,
      default_payment_method: null,
      latest_invoice: `in_${prefix}_${g}`,
      items: { object: "list", data: [{ id: `si_${prefix}_${g}`, price: { id: "price_bench" }, quantity: 1, current_period_start: t, current_period_end: t + 2_592_000 }] },
    });
    const event = (type: string, created: number, object: object) => ({
      id: `evt_${prefix}_${g}_${type.replace(/\W/g, "_")}`,
      object: "event",
      api_version: "2026-10-28.endive",
      created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    });
    events.push(
      event("customer.subscription.created", t, sub("incomplete")),
      event("customer.subscription.updated", t + 1, sub("active")),
      event("invoice.paid", t + 2, {
        id: `in_${prefix}_${g}`, object: "invoice", customer, status: "paid", billing_reason: "subscription_create",
        amount_due: 1900, amount_paid: 1900, amount_remaining: 0, total: 1900, currency: "usd", attempt_count: 1,
        next_payment_attempt: null, period_start: t, period_end: t, created: t, status_transitions: { paid_at: t + 2 },
        metadata: {}, parent: { type: "subscription_details", subscription_details: { subscription: `sub_${prefix}_${g}`, metadata: {} } },
      }),
      event("charge.succeeded", t + 3, {
        id: `ch_${prefix}_${g}`, object: "charge", customer, amount: 1900, amount_refunded: 0, refunded: false,
        currency: "usd", status: "succeeded", paid: true, failure_code: null, failure_message: null,
        payment_intent: `pi_${prefix}_${g}`, receipt_url: null, created: t + 3, metadata: {},
        payment_method_details: { type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 } },
      }),
      event("customer.updated", t + 4, { id: customer, object: "customer", metadata: {} }),
    );
  }
  const bodies = events.slice(0, count).map((e) => JSON.stringify(e));
  const uniqueIds = events.slice(0, count).map((e) => (e as { id: string }).id);
  const withDuplicates = [...bodies, ...bodies.filter(() => random() < 0.1)];
  for (let i = withDuplicates.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [withDuplicates[i], withDuplicates[j]] = [withDuplicates[j] as string, withDuplicates[i] as string];
  }
  return { bodies: withDuplicates, uniqueIds, groups: Math.ceil(Math.min(count, events.length) / 5) };
}

/** The answer's status, and whether it came on a connection opened for it (the first request of a socket). */
function post(agent: http.Agent, port: number, body: string): Promise<{ status: number; newConnection: boolean }> {
  const signature = signer.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1", port, method: "POST", path: "/api/webhooks/stripe", agent,
        headers: { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "stripe-signature": signature },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, newConnection: !req.reusedSocket }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function fire(target: Target, bodies: string[], concurrency: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const firstOnConnection: number[] = [];
  const cpuBefore = treeCpuMs(target.pid);
  const databaseCpuBefore = treeCpuMs(databasePid);
  let next = 0;
  let non200 = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const t0 = performance.now();
        const { status, newConnection } = await post(agent, target.port, body);
        const elapsed = performance.now() - t0;
        latencies.push(elapsed);
        if (newConnection) firstOnConnection.push(elapsed);
        if (status !== 200) non200 += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const cpuMs = treeCpuMs(target.pid) - cpuBefore;
  const databaseCpuMs = treeCpuMs(databasePid) - databaseCpuBefore;
  firstOnConnection.sort((a, b) => a - b);
  return { count: bodies.length, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), non200, cpuMs, databaseCpuMs, latencies, firstOnConnection };
}

/** Rounds of one target as one result: counts, times and CPU added, latencies pooled. */
function merge(rounds: RunResult[]): RunResult {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const firstOnConnection = rounds.flatMap((r) => r.firstOnConnection).sort((a, b) => a - b);
  const sum = (key: "count" | "seconds" | "non200" | "cpuMs" | "databaseCpuMs") => rounds.reduce((total, r) => total + r[key], 0);
  return {
    count: sum("count"), seconds: sum("seconds"), non200: sum("non200"), cpuMs: sum("cpuMs"), databaseCpuMs: sum("databaseCpuMs"), latencies, firstOnConnection,
    p50: percentile(latencies, 50), p99: percentile(latencies, 99),
  };
}

/** Exactly once: every event has one ledger row, claimed once, processed or ignored; no actor audited twice;
 * one row per object, in its final state. */
async function verify(client: pg.Client, prefix: string, uniqueIds: string[], groups: number): Promise<string[]> {
  const problems: string[] = [];
  const ledger = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "WebhookEvent" WHERE "id" = ANY($1) AND "attempts" = 1 AND "status" IN ('processed', 'ignored')`,
    [uniqueIds],
  );
  if (Number(ledger.rows[0]?.n) !== uniqueIds.length) problems.push(`ledger: ${ledger.rows[0]?.n}/${uniqueIds.length} claimed exactly once`);
  const twice = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT "actor" FROM "AuditLog" WHERE "actor" = ANY($1) GROUP BY "actor" HAVING count(*) > 1) d`,
    [uniqueIds.map((id) => `stripe:${id}`)],
  );
  if (Number(twice.rows[0]?.n) !== 0) problems.push(`audit: ${twice.rows[0]?.n} events audited more than once`);
  const subs = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Subscription" WHERE "stripeSubscriptionId" LIKE $1 AND "status" = 'active'`,
    [`sub\\_${prefix}\\_%`],
  );
  if (Number(subs.rows[0]?.n) !== groups) problems.push(`subscriptions: ${subs.rows[0]?.n}/${groups} active`);
  // The invoice.paid events' billing-email decisions (the app takes them while the bench goes on): none failed.
  const failed = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM "PendingEmailDecision" WHERE "eventId" = ANY($1) AND "lastError" IS NOT NULL`,
    [uniqueIds],
  );
  if (Number(failed.rows[0]?.n) !== 0) problems.push(`billing-email decisions: ${failed.rows[0]?.n} failed`);
  return problems;
}

function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (line: string) => number | null,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.once("exit", (code) => reject(new Error(`${name} exited early (${code})`)));
    child.stderr!.pipe(process.stderr);
    // gunicorn announces its port on stderr, the node servers on stdout. Once it is ready, its output is drained
    // unread: this process is also the load's sender, and splitting the app's log (a line per delivery) into lines
    // here took the sender's time during the app's rounds only (c16: 0.91-0.99 of Flask's rate with it; README).
    const readers = [child.stdout!, child.stderr!].map((stream) => createInterface({ input: stream }));
    for (const reader of readers) {
      reader.on("line", (line) => {
        const port = ready(line);
        if (port === null) return;
        clearTimeout(timer);
        for (const done of readers) done.close(); // (which pauses the streams)
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, port });
      });
    }
  });
}

const FLASK_PACKAGES = ["flask", "stripe", "psycopg2"] as const;
const PYTHON = "/usr/bin/python3";
const GUNICORN = "/usr/bin/gunicorn";

/** Why the Flask target cannot run here, or null when Debian's packages are all present. */
function flaskMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  if (!existsSync(GUNICORN)) return `${GUNICORN} is missing (apt-get install gunicorn)`;
  const probe = spawnSync(PYTHON, ["-c", `import ${FLASK_PACKAGES.join(", ")}`], { encoding: "utf8" });
  if (probe.status !== 0) {
    const missing = /No module named '([^']+)'/.exec(probe.stderr)?.[1] ?? probe.stderr.trim();
    return `python module ${missing} is missing (apt-get install python3-flask python3-stripe python3-psycopg2)`;
  }
  return null;
}

async function main(): Promise<void> {
  let embedded: EmbeddedPostgres | null = null;
  let dataDir: string | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;
  const children: ChildProcess[] = [];
  const flaskStatements = path.join(os.tmpdir(), `aab-bench-flask-statements-${process.pid}.json`);
  try {
    let databaseUrl: string;
    if (process.env.BENCH_DATABASE_URL) {
      const name = `aab_bench_${Date.now()}`;
      await runAdminStatement(process.env.BENCH_DATABASE_URL, `CREATE DATABASE ${quoteIdent(name)}`);
      databaseUrl = withDatabase(process.env.BENCH_DATABASE_URL, name);
      const server = process.env.BENCH_DATABASE_URL;
      dropDatabase = () => runAdminStatement(server, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } else {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "aab-bench-webhooks-"));
      await chmod(dataDir, 0o755);
      embedded = await ensureEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), database: "bench", ephemeral: true, preferredPort: 0 });
      databaseUrl = embedded.databaseUrl;
    }
    await applyMigrations(databaseUrl);
    const db = new pg.Client({ connectionString: databaseUrl });
    // A run that fails stops the database under this client: the failure, not the dropped connection, is the news.
    db.on("error", () => undefined);
    await db.connect();
    databasePid = await findDatabasePid(db);
    await db.query(
      `INSERT INTO "Tenant" ("id", "name", "slug", "stripeCustomerId", "updatedAt")
       SELECT 'tb' || g, 'Bench ' || g, 'bench-' || g, 'cus_bench_' || g, now() FROM generate_series(0, $1::int - 1) g`,
      [TENANTS],
    );

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      STRIPE_SECRET_KEY: "sk_test_bench",
      STRIPE_PUBLIC_KEY: "pk_test_bench",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_WEBHOOK_SECRET_PREVIOUS: "",
      // Nothing listens here: the bench's events never need a refetch, and must not reach a real Stripe.
      STRIPE_API_URL: "http://127.0.0.1:1",
      LOG_LEVEL: "info",
    };
    if (process.argv.includes("--no-build")) console.log("using the existing .next build");
    else if (buildIsStale(ROOT)) buildApp(ROOT, env, (line) => console.log(line));

    // The app as production runs it: the production server (scripts/lib/production-server.ts), as `npm start`,
    // the Docker image and the resilience suite start it. --cpu-prof=<dir>: a V8 CPU profile of it, written on exit.
    const appPort = await freePort();
    const profileDir = arg("cpu-prof");
    // --app=next-start: the same build behind `next start` instead, every request through Next's pipeline.
    const throughNext = arg("app") === "next-start";
    const server = throughNext
      ? { args: [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(appPort), "-H", "127.0.0.1"], env }
      : productionServer(env, appPort, "127.0.0.1");
    const app = await startProcess(
      throughNext ? "next start" : "production server",
      process.execPath,
      [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : []), ...server.args],
      server.env,
      (line) => (/^ready on |Ready in/.test(line) ? appPort : null),
    );
    console.log(`app: ${throughNext ? "next start" : "server/production-server.mjs"}`);
    children.push(app.child);
    const floor = await startProcess(
      "floor",
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/bench-webhooks-floor.ts")],
      env,
      (line) => {
        const match = /^listening (\d+)/.exec(line);
        return match ? Number(match[1]) : null;
      },
    );
    children.push(floor.child);
    const targets: Target[] = [{ name: "floor", port: floor.port, pid: floor.child.pid }];
    const noFlask = flaskMissing();
    if (noFlask) console.log(`flask target skipped: ${noFlask}`);
    else {
      // The app's statements for the bench's event types, and proof that the handler's parameters are the app's.
      const samples = makeEvents("check", 50, 3).bodies.map((body) => JSON.parse(body) as Stripe.Event);
      writeFlaskStatements(flaskStatements, samples);
      const flaskEnv = { ...env, PYTHONDONTWRITEBYTECODE: "1", BENCH_STATEMENTS: flaskStatements };
      checkFlaskParameters(PYTHON, path.join(ROOT, "scripts/bench/flask_webhook.py"), flaskEnv, samples);
      const flaskPort = await freePort();
      const workers = os.availableParallelism();
      const flask = await startProcess(
        "gunicorn",
        GUNICORN,
        ["--workers", String(workers), "--worker-class", "sync", "--bind", `127.0.0.1:${flaskPort}`,
          "--chdir", path.join(ROOT, "scripts/bench"), "flask_webhook:app"],
        flaskEnv,
        (line) => (line.includes("Listening at:") ? flaskPort : null),
      );
      children.push(flask.child);
      targets.push({ name: "flask", port: flask.port, pid: flask.child.pid });
    }
    targets.push({ name: "app", port: app.port, pid: app.child.pid });

    const summary: Record<number, Partial<Record<TargetName, RunResult>>> = {};
    const problems: string[] = [];
    for (const level of LEVELS) {
      // c1 too sends the full count: with a fifth it lasted half a second per target, and a burst of other work on
      // the machine swung its ratios by ±30 %.
      const count = EVENTS;
      const results: Partial<Record<Target["name"], RunResult>> = {};
      const events = new Map(targets.map((target) => [target.name, makeEvents(`${PREFIX[target.name]}${level}`, count, level)]));
      const rounds = new Map<TargetName, RunResult[]>(targets.map((target) => [target.name, []]));
      for (const target of targets) {
        // Warm-up at this level's concurrency (JIT, and as many pool connections as the level uses, since idle
        // ones close between levels): not measured, so the targets are compared in their steady state.
        await fire(target, makeEvents(`w${PREFIX[target.name]}${level}`, WARMUP, 7).bodies, level);
      }
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const target of targets) {
          const { bodies } = events.get(target.name)!;
          const size = Math.ceil(bodies.length / ROUNDS);
          rounds.get(target.name)!.push(await fire(target, bodies.slice(round * size, (round + 1) * size), level));
        }
      }
      for (const target of targets) {
        const result = merge(rounds.get(target.name)!);
        const { uniqueIds, groups } = events.get(target.name)!;
        const prefix = `${PREFIX[target.name]}${level}`;
        results[target.name] = result;
        if (result.non200 > 0) problems.push(`${target.name} c${level}: ${result.non200} non-200 answers`);
        // Every target: the floor and Flask send the app's statements, and must have done the same work exactly once.
        problems.push(...(await verify(db, prefix, uniqueIds, groups)).map((p) => `${target.name} c${level}: ${p}`));
        console.log(
          `${target.name.padEnd(5)} c${String(level).padEnd(3)} ${String(result.count).padStart(5)} deliveries  ` +
            `${(result.count / result.seconds).toFixed(0).padStart(6)} events/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  ` +
            `server CPU ${(result.cpuMs / result.count).toFixed(2)} ms/event, database ${(result.databaseCpuMs / result.count).toFixed(2)}\n` +
            `      p99 by round ${rounds.get(target.name)!.map((r) => r.p99.toFixed(0)).join(", ")} ms; ` +
            `first requests of new connections: ${result.firstOnConnection.length}, p50 ${percentile(result.firstOnConnection, 50).toFixed(0)} ms, ` +
            `p99 ${percentile(result.firstOnConnection, 99).toFixed(0)} ms`,
        );
      }
      summary[level] = results;
    }
    await db.end();

    if (problems.length > 0) {
      console.log(`exactly-once check FAILED:\n  ${problems.join("\n  ")}`);
      process.exitCode = 1;
    } else {
      console.log("exactly-once check passed: every event claimed once and applied once, duplicates answered 200");
    }
    // The per-target table: events/s and p99 at each level, and the app's ratios to the others, level by level.
    const rate = (r: RunResult | undefined) => (r ? r.count / r.seconds : NaN);
    const perEvent = (r: RunResult | undefined, key: "cpuMs" | "databaseCpuMs") => ((r?.[key] ?? 0) / (r?.count ?? 1)).toFixed(2);
    const ratio = (a: RunResult | undefined, b: RunResult | undefined) => (a && b ? (rate(a) / rate(b)).toFixed(2) : "n/a");
    console.log("\n| target | c1 events/s | c16 events/s, p99 | c64 events/s, p99 | CPU ms/event at c16: server, database |\n|---|---|---|---|---|");
    for (const name of ["floor", "flask", "app"] as const) {
      const at = (level: number) => summary[level]?.[name];
      if (!LEVELS.some((level) => at(level))) continue;
      const cell = (level: number) => (at(level) ? `${rate(at(level)).toFixed(0)}, ${at(level)?.p99.toFixed(0)} ms` : "–");
      console.log(
        `| ${name} | ${at(1) ? rate(at(1)).toFixed(0) : "–"} | ${cell(16)} | ${cell(64)} | ${perEvent(at(16), "cpuMs")}, ${perEvent(at(16), "databaseCpuMs")} |`,
      );
    }
    for (const level of LEVELS) {
      const s = summary[level];
      console.log(`c${level}: app/floor ${ratio(s?.app, s?.floor)}, app/flask ${ratio(s?.app, s?.flask)}` +
        (s?.flask ? `, p99 app ${s.app?.p99.toFixed(0)} ms vs flask ${s.flask.p99.toFixed(0)} ms` : ""));
    }
    const c16 = summary[16];
    if (c16?.app) {
      console.log(
        `c16: ${rate(c16.app).toFixed(0)} events/s, p99 ${c16.app.p99.toFixed(0)} ms, ` +
          `floor ratio ${ratio(c16.app, c16.floor)}, flask ratio ${ratio(c16.app, c16.flask)}`,
      );
    }
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await rm(flaskStatements, { force: true });
    await dropDatabase?.();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
