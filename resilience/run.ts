// npm run test:resilience — proof under fire (issue 7). Starts N production instances of one build on one
// PostgreSQL with the local Stripe emulator in chaos mode and a 5 % handler fault rate, then: the authorization
// matrix, hostile input, security headers, a lifecycle load with faults (SIGKILL, database restart, handler
// throws), drift and exactly-once checks, leak scans, and the standalone server. Prints a table of figures and
// exits non-zero when any must-be-zero figure is not zero. Last line:
//   drift <N>, duplicate effects <N>, 5xx <N>, leaks <N>, events <N>, duplicate emails <N>, lost emails <N>
// Options: --tenants=<n> (default 200), --min-events=<n> (default 2000), --instances=<n> (default 3), --seed=<n>,
// --only=<phase,…> (matrix, fuzz, headers, load, leaks, standalone), --no-build (use .next as it is),
// --fuzz-concurrency=<n> (hostile cases in flight at once, default 8).
import { buildApp, buildIsStale } from "@asset-anchor/local-stack/next-build";
import { ROOT, spawnNext, startCluster, waitForHealthy } from "./cluster";
import { stopChild } from "@asset-anchor/local-stack/stop-child";
import { Figures, printFigures } from "./figures";
import { FUZZ_CONCURRENCY, runFuzz } from "./fuzz";
import { runHeaderChecks } from "./headers";
import { HttpSession, type Recorder } from "./http-client";
import { scanForLeaks, type Response } from "./leaks";
import { runMatrix } from "./matrix";
import { freePort } from "@asset-anchor/local-stack/free-port";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const ONLY = arg("only")?.split(",") ?? null;
const phase = (name: string) => ONLY === null || ONLY.includes(name);
const log = (line: string) => console.log(`[resilience] ${line}`);

async function main(): Promise<number> {
  const started = Date.now();
  const figures = new Figures();
  const tenants = Number(arg("tenants") ?? 200);
  const minEvents = Number(arg("min-events") ?? 2000);
  const instances = Number(arg("instances") ?? 3);
  const seed = Number(arg("seed") ?? 7);
  if (!process.argv.includes("--no-build") && buildIsStale(ROOT)) {
    buildApp(ROOT, { ...process.env, NODE_ENV: "production" }, log);
  }
  const cluster = await startCluster({
    instances,
    faultRate: 0.05,
    chaos: { seed, duplicateRate: 0.2, maxDelayMs: 2, reorderWindow: 8 },
    retrySchedule: [200, 400, 800, 1500, 3000, 5000, 5000, 5000, 10_000, 10_000],
    log,
  });
  const responses: Response[] = [];
  const record: Recorder = (entry) => responses.push({ persona: entry.persona, path: `${entry.method} ${entry.path}`, body: entry.body });
  try {
    // In-process checks (drift, replay, gap fill) read the same configuration as the instances.
    // The operator's tools (replay, gap fill) run without the instances' injected faults.
    Object.assign(process.env, cluster.env, { WEBHOOK_FAULT_RATE: "0", LOG_LEVEL: "warn" });
    const base = cluster.instances[0]?.url ?? "";
    const { preparePersonas } = await import("./personas");
    const personas = await preparePersonas(cluster, base, record);

    if (phase("matrix")) {
      const matrix = await runMatrix(ROOT, { sessions: personas.sessions, params: personas.params }, log);
      figures.matrixCells = matrix.cells;
      figures.fiveHundreds += matrix.fiveHundreds;
      figures.failures.push(...matrix.failures.map((f) => `matrix: ${f}`), ...matrix.undeclared.map((u) => `undeclared access: ${u}`));
    }

    if (phase("headers")) {
      // A fourth instance of the same build whose public URL is https: HSTS and Secure cookies must turn on.
      const port = await freePort();
      const httpsEnv = { ...cluster.env, PORT: String(port), NEXTAUTH_URL: "https://billing.example.test", WEBHOOK_FAULT_RATE: "0" };
      const child = spawnNext(port, httpsEnv, cluster.logs, "https");
      try {
        await waitForHealthy(`http://127.0.0.1:${port}/api/health`, child);
        const headers = await runHeaderChecks(
          [
            { label: "http instance", baseUrl: base, https: false },
            { label: "https instance", baseUrl: `http://127.0.0.1:${port}`, https: true },
          ],
          { email: "owner@demo.local", password: cluster.secrets.demoPassword },
          new URL(cluster.stripe.url).origin,
        );
        figures.headerChecks = headers.checks;
        figures.failures.push(...headers.failures.map((f) => `headers: ${f}`));
        log(`headers: ${headers.checks} checks, ${headers.failures.length} failed`);
      } finally {
        await stopChild(child);
      }
    }

    if (phase("load")) {
      const { runLoad } = await import("./lifecycle");
      const { settleAndVerify } = await import("./verify");
      const loadStarted = Date.now();
      const load = await runLoad(cluster, personas.sql, { tenants, concurrency: 6, concurrentDuplicateEveryMs: 400, faults: true, log });
      log(`load: ${tenants} tenants driven and delivered in ${Math.round((Date.now() - loadStarted) / 1000)} s (${load.sdkErrors.length} SDK errors)`);
      figures.failures.push(...load.sdkErrors.slice(0, 10).map((e) => `load: ${e}`));
      const verify = await settleAndVerify(cluster, personas.sql, log);
      Object.assign(figures, {
        events: verify.events,
        tenants,
        deliveries: verify.deliveries,
        duplicates: verify.duplicates,
        concurrentDuplicates: load.concurrentDuplicates,
        reorders: verify.reorders,
        faultsInjected: verify.faultsInjected,
        instanceKills: load.kills,
        databaseRestarts: load.databaseRestarts,
        databaseRestartSkipped: load.databaseRestartSkipped,
        outages: load.outages,
        replayed: verify.replayed,
        gapFilled: verify.gapFilled,
        drift: verify.drift,
        duplicateEffects: verify.duplicateEffects,
        lostEvents: verify.lost,
        halfApplied: verify.halfApplied,
        emails: verify.emails,
        duplicateEmails: verify.duplicateEmails,
        lostEmails: verify.lostEmails,
      });
      figures.failures.push(...verify.failures);
      if (verify.events < minEvents) figures.failures.push(`only ${verify.events} lifecycle events, fewer than the ${minEvents} asked for`);
    }

    if (phase("fuzz")) {
      const foreign = await personas.sql.query<{ id: string }>(
        `(SELECT "stripeSubscriptionId" AS id FROM "Subscription" LIMIT 2) UNION ALL (SELECT "stripeInvoiceId" FROM "Invoice" LIMIT 2)
         UNION ALL (SELECT "id" FROM "Payment" LIMIT 2) UNION ALL (SELECT "stripeChargeId" FROM "Payment" LIMIT 1) UNION ALL (SELECT "id" FROM "WebhookEvent" LIMIT 2)`,
      );
      const fuzz = await runFuzz(
        {
          root: ROOT,
          baseUrl: base,
          webhookSecret: cluster.secrets.webhookSecret,
          sessions: personas.sessions,
          params: personas.params,
          foreignIds: [personas.demoTenantId, ...foreign.rows.map((r) => r.id), "seti_" + "A".repeat(24), "evt_doesnotexist"],
          sql: personas.sql,
          quiesce: () => cluster.stripe.waitForDeliveries(60_000).catch(() => undefined),
          seed,
          webhookCases: Number(arg("webhook-cases") ?? 400),
          casesPerAction: Number(arg("cases-per-action") ?? 24),
          concurrency: Number(arg("fuzz-concurrency") ?? FUZZ_CONCURRENCY),
        },
        log,
      );
      figures.fuzzCases = fuzz.cases;
      figures.fiveHundreds += fuzz.fiveHundreds;
      figures.stackTraces = fuzz.stackTraces;
      figures.fuzzWrites = fuzz.writes;
      figures.failures.push(...fuzz.failures.map((f) => `fuzz: ${f}`));
    }

    if (phase("standalone")) {
      const { runStandalone } = await import("./standalone");
      const standalone = await runStandalone(ROOT, cluster.env, cluster.logs);
      log(`standalone server: ${standalone.ok ? "ok" : "FAILED"} (${standalone.detail.split("\n")[0]})`);
      if (!standalone.ok) figures.failures.push(`standalone: ${standalone.detail}`);
    }

    if (phase("leaks")) {
      const { checkoutWithTypedCard } = await import("./checkout");
      const { readActionIds } = await import("./matrix");
      const target = readActionIds(ROOT, personas.params).get("app/(billing)/checkout/[plan]/actions.ts#startCheckoutAction");
      if (!target) figures.failures.push("leaks: startCheckoutAction is not in the build's manifest; no card was typed");
      else {
        const status = await checkoutWithTypedCard({
          session: personas.sessions.otherOwner,
          actionId: target.id,
          page: target.page,
          planKey: personas.params.plan ?? "",
          stripeUrl: cluster.stripe.url,
          publishableKey: cluster.secrets.stripePublicKey,
        });
        await cluster.stripe.waitForDeliveries(120_000);
        log(`leaks: a checkout with a typed 4242 card ${status}; its deliveries settled`);
      }
      const leaks = scanForLeaks({
        root: ROOT,
        secrets: [
          { label: "the Stripe secret key", value: cluster.secrets.stripeSecretKey },
          { label: "the webhook secret", value: cluster.secrets.webhookSecret },
          { label: "NEXTAUTH_SECRET", value: cluster.secrets.nextAuthSecret },
          { label: "the database URL", value: cluster.databaseUrl },
          { label: "the database password", value: decodeURIComponent(new URL(cluster.databaseUrl).password) },
        ],
        responses,
        tenantData: [
          { owners: ["owner", "billing", "member"], strings: ["Demo Co", personas.demoTenantId, "owner@demo.local", "billing@demo.local", "member@demo.local"] },
          { owners: ["otherOwner"], strings: ["Other Tenant Ltd", personas.otherTenantId, personas.otherOwnerEmail] },
        ],
        logs: cluster.logs,
      });
      figures.leaks = leaks.leaks;
      figures.failures.push(...leaks.failures.map((f) => `leak: ${f}`));
      log(`leaks: ${leaks.filesScanned} bundle files, ${leaks.responsesScanned} responses, ${leaks.logLinesScanned} log lines scanned; ${leaks.leaks} found`);
    }
    await personas.sql.end();
  } finally {
    await cluster.stop();
  }
  figures.seconds = Math.round((Date.now() - started) / 1000);
  const code = printFigures(figures);
  // The instances' logs live in memory: kept on a failure, so a rare one (a duplicate email, a drift) can be traced.
  // A full run's leak scan (above) has read every line for secrets and card numbers.
  if (code !== 0) {
    mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
    const file = path.join(ROOT, "test-results", "resilience-instances.log");
    writeFileSync(file, `${cluster.logs.join("\n")}\n`);
    log(`the instances' logs: ${path.relative(ROOT, file)}`);
  }
  return code;
}

void HttpSession;

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[resilience] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
