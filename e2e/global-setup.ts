// Starts the whole stack (throwaway database, local Stripe emulator, production build) once for
// the e2e run, exactly as `npm start` does, and hands its addresses to the tests through env.
import { spawn } from "node:child_process";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { printAxeTally } from "./axe-tally";

const ROOT = path.resolve(import.meta.dirname, "..");

function refuseUnsafeEnvironment() {
  if (process.env.STRIPE_SECRET_KEY?.includes("_live_")) {
    throw new Error("refusing to run e2e tests with a live Stripe key");
  }
  if (process.env.STRIPE_SECRET_KEY) {
    throw new Error("e2e tests run against the local Stripe emulator: unset STRIPE_SECRET_KEY");
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && !["localhost", "127.0.0.1", "::1", "[::1]"].includes(new URL(databaseUrl).hostname)) {
    throw new Error("refusing to run e2e tests against a non-local database");
  }
}

export default async function globalSetup(_config: FullConfig) {
  refuseUnsafeEnvironment();
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/start.ts"), "--e2e"],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "info" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let buffered = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        // Lines keep flowing through this listener after READY: the app's log stays visible.
        if (line.startsWith("READY ")) resolve(JSON.parse(line.slice(6)) as Record<string, unknown>);
        else process.stdout.write(`${line}\n`);
      }
    });
    child.once("exit", (code) => reject(new Error(`the e2e stack exited with code ${code} before it was ready`)));
  });

  process.env.E2E_BASE_URL = String(info.appUrl);
  process.env.E2E_STRIPE_URL = String(info.stripeUrl);
  process.env.E2E_STRIPE_SECRET_KEY = String(info.secretKey);
  process.env.E2E_DATABASE_URL = String(info.databaseUrl);
  process.env.E2E_DEMO_PASSWORD = String(info.demoPassword ?? "");
  process.env.E2E_MAIL_URL = String(info.mailUrl ?? "");

  return async () => {
    printAxeTally();
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
}
