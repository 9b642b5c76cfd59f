// The whole local stack in one place: database, migrations, Stripe (emulator or real), seed data
// and the Next.js server. `npm start`, `npm run dev` and the e2e suite all start it through here.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "../../lib/env/schema.js";
import { ensureEmbeddedPostgres } from "@asset-anchor/local-stack/embedded-postgres";
import { applyMigrations } from "@asset-anchor/local-stack/migrations";
import Stripe from "stripe";
import { STRIPE_API_VERSION } from "../../lib/stripe/api-version";
import { syncWebhookEndpoint, webhookEndpointUrl } from "../../lib/stripe/webhook-endpoint";
import { startStripeLocal, type StripeLocal } from "@asset-anchor/stripe-local";
import { freePort, isPortFree } from "@asset-anchor/local-stack/free-port";
import { freshLocalSecrets, loadLocalSecrets, saveLocalSecrets, type LocalSecrets } from "@asset-anchor/local-stack/local-secrets";
import { buildApp, buildIsStale } from "@asset-anchor/local-stack/next-build";
import { startMailCatcher } from "./mail-catcher";
import { productionServer } from "./production-server";
import { stopChild } from "@asset-anchor/local-stack/stop-child";
import { withDieWithParent } from "@asset-anchor/local-stack/die-with-parent";
import { createThrowawayDatabase, dropDatabase } from "@asset-anchor/local-stack/throwaway-database";

export type StackMode = "start" | "dev" | "e2e";

export interface StackInfo {
  appUrl: string;
  stripeUrl: string | null;
  stripeMode: "local" | "test" | "live";
  databaseUrl: string;
  databaseMode: "embedded" | "external";
  demo: { email: string; role: string }[] | null;
  demoPassword: string | null;
  /** The local mail catcher's page and JSON API; null when SMTP_URL sends mail to a real server. */
  mailUrl: string | null;
  secretKey: string;
  webhookSecret: string;
}

export interface Stack {
  info: StackInfo;
  stop(): Promise<void>;
}

export class StackError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const STRIPE_LOCAL_PORT = 12111;
/** The local mail catcher's SMTP port and page (the ports MailHog and Mailpit use, familiar to developers). */
const MAIL_CATCHER_SMTP_PORT = 1025;
const MAIL_CATCHER_HTTP_PORT = 8025;

export async function startStack(mode: StackMode, log: (line: string) => void): Promise<Stack> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${(error as Error).message}`);
      }
    }
  };
  try {
    return { info: await bringUp(mode, log, cleanups), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function bringUp(
  mode: StackMode,
  log: (line: string) => void,
  cleanups: (() => Promise<void> | void)[],
): Promise<StackInfo> {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    throw new StackError((error as Error).message, 78);
  }
  // Built first, while nothing else runs in this process that a blocking build could starve.
  if (mode !== "dev" && buildIsStale(ROOT)) {
    buildApp(ROOT, { ...process.env, NODE_ENV: "production" }, log);
  }
  const throwaway = mode === "e2e";
  const dataDir = throwaway ? mkdtempSync(path.join(os.tmpdir(), "aab-e2e-")) : path.join(ROOT, ".data");
  // mkdtemp makes the folder private to root; PostgreSQL runs as its own user and must enter it.
  if (throwaway) chmodSync(dataDir, 0o755);
  if (throwaway) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const appPort = throwaway ? await freePort() : env.PORT;
  if (!(await isPortFree(appPort))) {
    throw new StackError(`port ${appPort} is already in use: is another copy of the app running? (set PORT to use another)`, 75);
  }
  const appUrl = throwaway ? `http://127.0.0.1:${appPort}` : (env.NEXTAUTH_URL ?? `http://localhost:${appPort}`);
  // Loopback unless HOSTNAME says otherwise: any web page or machine on the network could drive a local run.
  const bindHost = env.HOSTNAME ?? "127.0.0.1";

  // Database: the given server, or an embedded real PostgreSQL.
  let databaseUrl: string;
  let databaseMode: StackInfo["databaseMode"];
  if (env.DATABASE_URL) {
    databaseMode = "external";
    if (throwaway) {
      databaseUrl = await createThrowawayDatabase(env.DATABASE_URL);
      cleanups.push(() => dropDatabase(databaseUrl));
    } else {
      databaseUrl = env.DATABASE_URL;
    }
  } else {
    databaseMode = "embedded";
    const embedded = await ensureEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
    databaseUrl = embedded.databaseUrl;
    cleanups.push(() => embedded.stop());
    log(`PostgreSQL (embedded) ready at ${redactUrl(databaseUrl)}`);
  }

  try {
    const applied = await applyMigrations(databaseUrl);
    log(applied.length > 0 ? `applied migrations: ${applied.join(", ")}` : "database schema is current");
  } catch (error) {
    throw new StackError(`could not apply database migrations: ${(error as Error).message}`, 3);
  }

  // Stripe: real keys in the environment mean real Stripe; otherwise the bundled emulator.
  const local = !env.STRIPE_SECRET_KEY;
  const secrets = throwaway ? freshLocalSecrets() : loadLocalSecrets(dataDir);
  let webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? secrets.webhookSecret;
  let stripeLocal: StripeLocal | null = null;
  if (local) {
    const stripePort = throwaway ? 0 : STRIPE_LOCAL_PORT;
    if (!throwaway && !(await isPortFree(stripePort))) {
      throw new StackError(`port ${stripePort} (local Stripe) is already in use`, 75);
    }
    stripeLocal = await startStripeLocal({
      port: stripePort,
      host: bindHost,
      // Only the generated keys, the control routes behind the secret one, CORS for the app's origins only.
      access: { secretKey: secrets.stripeSecretKey, publishableKey: secrets.stripePublicKey, origins: appOrigins(appUrl, appPort) },
      snapshotFile: throwaway ? undefined : path.join(dataDir, "stripe-local.json"),
      retrySchedule: [1000, 3000, 10000, 30000],
    });
    const emulator = stripeLocal;
    cleanups.push(() => emulator.stop());
    // The emulator gets the same endpoint production gets (npm run stripe:webhook-endpoint), so a local run
    // receives exactly the subscribed events, rendered in the pinned version, signed with the endpoint's secret.
    const endpointUrl = webhookEndpointUrl(throwaway ? `http://127.0.0.1:${appPort}` : appUrl);
    webhookSecret = await registerLocalEndpoint(emulator, secrets, endpointUrl);
    if (!throwaway) saveLocalSecrets(dataDir, secrets);
    // Kept as the forward secret too (no forward target): /_local/webhook keeps reporting the app's secret.
    emulator.configureWebhook({ url: null, secret: webhookSecret });
    log(`local Stripe emulator on ${stripeLocal.url}, webhook endpoint ${endpointUrl}`);
  }

  // Mail: SMTP_URL's server, or the local catcher, so a local run sees every email it sends.
  let smtpUrl = env.SMTP_URL;
  let mailUrl: string | null = null;
  if (!smtpUrl) {
    if (!throwaway && !((await isPortFree(MAIL_CATCHER_SMTP_PORT)) && (await isPortFree(MAIL_CATCHER_HTTP_PORT)))) {
      throw new StackError(`port ${MAIL_CATCHER_SMTP_PORT} or ${MAIL_CATCHER_HTTP_PORT} (local mail catcher) is already in use (or set SMTP_URL)`, 75);
    }
    const catcher = await startMailCatcher({
      host: bindHost,
      smtpPort: throwaway ? 0 : MAIL_CATCHER_SMTP_PORT,
      httpPort: throwaway ? 0 : MAIL_CATCHER_HTTP_PORT,
    });
    cleanups.push(() => catcher.stop());
    smtpUrl = catcher.smtpUrl;
    mailUrl = catcher.httpUrl;
    log(`local mail catcher: SMTP ${catcher.smtpUrl}, messages at ${catcher.httpUrl}`);
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(appPort),
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? secrets.nextAuthSecret,
    DATABASE_URL: databaseUrl,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    SMTP_URL: smtpUrl,
    // e2e tests move time forward per tenant (renewals, period ends) through Stripe test clocks.
    ...(throwaway && stripeLocal && { STRIPE_TEST_CLOCKS: "1" }),
    // The whole e2e suite signs up from one address, more often than a person would in an hour.
    ...(throwaway && { SIGN_UPS_PER_ADDRESS_PER_HOUR: "1000" }),
    ...(stripeLocal && {
      STRIPE_SECRET_KEY: secrets.stripeSecretKey,
      STRIPE_PUBLIC_KEY: secrets.stripePublicKey,
      STRIPE_API_URL: stripeLocal.url,
      // The emulator computes tax from its documented rate table (packages/stripe-local/README.md).
      STRIPE_TAX_ENABLED: process.env.STRIPE_TAX_ENABLED || "1",
    }),
  };
  let runtimeEnv;
  try {
    runtimeEnv = parseEnv(childEnv, { runtime: true });
  } catch (error) {
    throw new StackError((error as Error).message, 78);
  }

  const seeded = await runSeed(childEnv, runtimeEnv.stripeMode === "local" ? secrets.demoPassword : null);
  const server = spawnNext(mode, appPort, childEnv, bindHost);
  cleanups.push(() => stopChild(server));
  await waitForHealthy(`http://127.0.0.1:${appPort}/api/health`, server);

  return {
    appUrl,
    stripeUrl: stripeLocal?.url ?? null,
    stripeMode: runtimeEnv.stripeMode,
    databaseUrl,
    databaseMode,
    demo: seeded,
    demoPassword: seeded ? secrets.demoPassword : null,
    mailUrl,
    secretKey: childEnv.STRIPE_SECRET_KEY ?? "",
    webhookSecret,
  };
}

/**
 * Creates or updates the emulator's endpoint for the app and returns its signing secret. An endpoint kept in the
 * emulator's snapshot whose secret this run does not know (another `.data/local-secrets.json`) is recreated.
 */
async function registerLocalEndpoint(emulator: StripeLocal, secrets: LocalSecrets, url: string): Promise<string> {
  const target = new URL(emulator.url);
  const stripe = new Stripe(secrets.stripeSecretKey, {
    apiVersion: STRIPE_API_VERSION,
    telemetry: false,
    host: target.hostname,
    port: target.port,
    protocol: "http",
  });
  let result = await syncWebhookEndpoint(stripe, url, { replaceOld: "delete" });
  if (!result.secret && result.endpoint.id !== secrets.webhookEndpointId) {
    await stripe.webhookEndpoints.del(result.endpoint.id);
    result = await syncWebhookEndpoint(stripe, url);
  }
  if (result.secret) {
    secrets.webhookSecret = result.secret;
    secrets.webhookEndpointId = result.endpoint.id;
  }
  return secrets.webhookSecret;
}

// Asynchronous on purpose: the emulator lives in this process and must keep answering the seed's calls.
async function runSeed(env: NodeJS.ProcessEnv, demoPassword: string | null): Promise<StackInfo["demo"]> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/seed.ts"), "--json"],
    {
      cwd: ROOT,
      env: { ...env, ...(demoPassword && { DEMO_PASSWORD: demoPassword }) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (stdout += chunk));
  const status = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (status !== 0) {
    throw new StackError(`seeding failed (exit code ${status})`, 4);
  }
  const last = stdout.trim().split("\n").at(-1) ?? "{}";
  const parsed = JSON.parse(last) as { demo?: { email: string; role: string }[] | null };
  return parsed.demo ?? null;
}

/** The origins a browser may load the app from in a local run: the Stripe.js stand-in calls the emulator from them. */
function appOrigins(appUrl: string, port: number): string[] {
  return [...new Set([new URL(appUrl).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
}

function spawnNext(mode: StackMode, port: number, env: NodeJS.ProcessEnv, host: string): ChildProcess {
  if (mode === "dev") {
    const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");
    return spawn(process.execPath, [nextBin, "dev", "-p", String(port), "-H", host], { cwd: ROOT, env: withDieWithParent(env), stdio: ["ignore", "inherit", "inherit"] });
  }
  // The production server (webhook fast path + Next), as the Docker image runs it.
  const server = productionServer(env, port, host);
  return spawn(process.execPath, server.args, { cwd: ROOT, env: withDieWithParent(server.env), stdio: ["ignore", "inherit", "inherit"] });
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new StackError(`the app exited with code ${child.exitCode} during start`, 1);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StackError(`the app did not become healthy at ${url} within ${timeoutMs / 1000} s`, 1);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
