// The resilience suite's stack: one PostgreSQL (a throwaway embedded server, or a fresh database on
// DATABASE_URL's server), the local Stripe emulator in this process, and N production instances of the same
// build (the production server, server/production-server.mjs, on N ports, one DATABASE_URL, one set of secrets). Every instance's stdout/stderr is kept
// for the log scan. Instances can be SIGKILLed and restarted, and the embedded database restarted, mid-run.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureEmbeddedPostgres, type EmbeddedPostgres } from "@asset-anchor/local-stack/embedded-postgres";
import { applyMigrations } from "@asset-anchor/local-stack/migrations";
import { startStripeLocal, type ChaosOptions, type StripeLocal } from "@asset-anchor/stripe-local";
import { freePort } from "@asset-anchor/local-stack/free-port";
import { startMailCatcher, type MailCatcher } from "@/scripts/lib/mail-catcher";
import { stopChild } from "@asset-anchor/local-stack/stop-child";
import { withDieWithParent } from "@asset-anchor/local-stack/die-with-parent";
import { freshLocalSecrets, type LocalSecrets } from "@asset-anchor/local-stack/local-secrets";
import { productionServer } from "@/scripts/lib/production-server";
import { createThrowawayDatabase, dropDatabase } from "@asset-anchor/local-stack/throwaway-database";

export const ROOT = path.resolve(import.meta.dirname, "..");

export type Instance = { index: number; port: number; url: string; child: ChildProcess | null };

export type Cluster = {
  databaseUrl: string;
  databaseMode: "embedded" | "external";
  stripe: StripeLocal;
  /** Every instance sends its emails here (SMTP_URL); the suite counts them per triggering event. */
  mail: MailCatcher;
  secrets: LocalSecrets;
  /** The environment every instance runs with (and this process, for in-process checks). */
  env: NodeJS.ProcessEnv;
  instances: Instance[];
  /** Every line the instances and the seed wrote, for the leak scan. */
  logs: string[];
  kill(index: number): void;
  /** When each SIGKILL was sent (ms since the epoch): the email check tells a resend across a kill from a bug. */
  killedAt: number[];
  restart(index: number): Promise<void>;
  /** Stops and starts the embedded PostgreSQL; null when the database is external (with the reason). */
  restartDatabase(downMs: number): Promise<string | null>;
  /**
   * A webhook outage longer than Stripe's retries: for `ms`, half the deliveries go to an address nobody
   * answers and none is retried, so some events never arrive and some fail for good (the gap fill's and the
   * replay's work). Returns when deliveries are back to normal.
   */
  outage(ms: number): Promise<void>;
  stop(): Promise<void>;
};

export type ClusterOptions = {
  instances: number;
  faultRate: number;
  chaos: Omit<ChaosOptions, "targets">;
  retrySchedule: number[];
  log: (line: string) => void;
  /** Extra variables for the instances (e.g. NEXTAUTH_URL to check https behaviour). */
  extraEnv?: NodeJS.ProcessEnv;
};

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const logs: string[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        options.log(`cleanup failed: ${(error as Error).message}`);
      }
    }
  };
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "aab-resilience-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    let databaseUrl: string;
    let databaseMode: Cluster["databaseMode"];
    let embedded: EmbeddedPostgres | null = null;
    const pgDir = path.join(dataDir, "postgres");
    const externalUrl = process.env.DATABASE_URL;
    if (externalUrl) {
      databaseMode = "external";
      databaseUrl = await createThrowawayDatabase(externalUrl);
      cleanups.push(() => dropDatabase(databaseUrl));
    } else {
      databaseMode = "embedded";
      embedded = await ensureEmbeddedPostgres({ dataDir: pgDir, ephemeral: true });
      databaseUrl = embedded.databaseUrl;
      cleanups.push(() => embedded?.stop());
    }
    await applyMigrations(databaseUrl);

    const secrets = freshLocalSecrets();
    const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
    const instances: Instance[] = ports.map((port, index) => ({ index, port, url: `http://127.0.0.1:${port}`, child: null }));
    const targets = instances.map((i) => `${i.url}/api/webhooks/stripe`);
    const stripe = await startStripeLocal({
      port: 0,
      webhook: { url: targets[0] ?? "", secret: secrets.webhookSecret },
      retrySchedule: options.retrySchedule,
      chaos: { ...options.chaos, targets },
    });
    cleanups.push(() => stripe.stop());

    const mail = await startMailCatcher();
    cleanups.push(() => mail.stop());

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SMTP_URL: mail.smtpUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: instances[0]?.url,
      NEXTAUTH_SECRET: secrets.nextAuthSecret,
      DATABASE_URL: databaseUrl,
      STRIPE_WEBHOOK_SECRET: secrets.webhookSecret,
      STRIPE_SECRET_KEY: secrets.stripeSecretKey,
      STRIPE_PUBLIC_KEY: secrets.stripePublicKey,
      STRIPE_API_URL: stripe.url,
      DEMO_PASSWORD: secrets.demoPassword,
      WEBHOOK_FAULT_RATE: String(options.faultRate),
      LOG_LEVEL: "info",
      ...options.extraEnv,
    };
    await runCaptured("seed", [path.join(ROOT, "scripts/seed.ts")], env, logs);

    const startInstance = async (instance: Instance) => {
      instance.child = spawnNext(instance.port, { ...env, PORT: String(instance.port) }, logs, `app${instance.index}`);
      await waitForHealthy(`${instance.url}/api/health`, instance.child);
    };
    cleanups.push(() => Promise.all(instances.map((i) => stopChild(i.child))).then(() => undefined));
    // One at a time: three cold starts at once on two cores only make each slower.
    for (const instance of instances) await startInstance(instance);
    options.log(`${instances.length} instances up on ports ${ports.join(", ")}; PostgreSQL ${databaseMode}; emulator ${stripe.url}`);

    const killedAt: number[] = [];
    return {
      databaseUrl,
      databaseMode,
      stripe,
      mail,
      secrets,
      env,
      instances,
      logs,
      killedAt,
      kill(index) {
        killedAt.push(Date.now());
        instances[index]?.child?.kill("SIGKILL");
      },
      async restart(index) {
        const instance = instances[index];
        if (!instance) return;
        await stopChild(instance.child);
        await startInstance(instance);
      },
      async outage(ms) {
        const dead = `http://127.0.0.1:${await freePort()}/api/webhooks/stripe`;
        stripe.configureWebhook({ chaos: { ...options.chaos, targets: [dead, ...targets.slice(0, 1)] }, retrySchedule: [] });
        await new Promise((resolve) => setTimeout(resolve, ms));
        stripe.configureWebhook({ chaos: { ...options.chaos, targets }, retrySchedule: options.retrySchedule });
      },
      async restartDatabase(downMs) {
        if (!embedded) return "DATABASE_URL points at an external server this suite does not own";
        await embedded.stop();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        embedded = await ensureEmbeddedPostgres({ dataDir: pgDir, ephemeral: true });
        if (embedded.databaseUrl !== databaseUrl) throw new Error("the embedded PostgreSQL came back on another port");
        return null;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function capture(child: ChildProcess, logs: string[], name: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line) logs.push(`[${name}] ${line}`);
    });
  }
}

async function runCaptured(name: string, args: string[], env: NodeJS.ProcessEnv, logs: string[]): Promise<void> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  capture(child, logs, name);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${name} failed (exit code ${code}):\n${logs.slice(-20).join("\n")}`);
}

export function spawnNext(port: number, env: NodeJS.ProcessEnv, logs: string[], name: string): ChildProcess {
  // The production server, as `npm start` and the Docker image run it (webhook fast path + Next).
  const server = productionServer(env, port, "127.0.0.1");
  const child = spawn(process.execPath, server.args, {
    cwd: ROOT,
    env: withDieWithParent(server.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  capture(child, logs, name);
  return child;
}

export async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url}: the app exited during start`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}
