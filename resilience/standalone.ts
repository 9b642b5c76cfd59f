// The Docker image without Docker: lay out Next's standalone output exactly as the Dockerfile's runtime stage
// does (.next/standalone at the root, .next/static, prisma/migrations and server/ beside it), start the image's
// command (`node server/production-server.mjs`) with the runtime environment, ask /api/health and a page, and deliver
// one webhook. Proves the image's server, webhook fast path included, runs on its own traced node_modules.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { freePort } from "@asset-anchor/local-stack/free-port";
import { waitForHealthy } from "./cluster";
import { stopChild } from "@asset-anchor/local-stack/stop-child";

export type StandaloneResult = { ok: boolean; detail: string };

/** One signed delivery of a type the app ignores (it writes only its ledger row), and the same body unsigned. */
async function deliverOne(url: string, secret: string): Promise<{ ok: boolean; detail: string }> {
  const body = JSON.stringify({
    id: `evt_image_${randomBytes(8).toString("hex")}`, object: "event", api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null },
    type: "customer.created", data: { object: { id: `cus_image_${randomBytes(6).toString("hex")}`, object: "customer" } },
  });
  const signature = new Stripe("sk_test_image", { telemetry: false }).webhooks.generateTestHeaderString({ payload: body, secret });
  const headers = { "content-type": "application/json" };
  const signed = await fetch(url, { method: "POST", headers: { ...headers, "stripe-signature": signature }, body });
  const unsigned = await fetch(url, { method: "POST", headers, body });
  const outcome = signed.headers.get("webhook-outcome");
  return {
    ok: signed.status === 200 && outcome === "ignored" && unsigned.status === 400,
    detail: `signed ${signed.status} ${outcome}, unsigned ${unsigned.status}`,
  };
}

export async function runStandalone(root: string, env: NodeJS.ProcessEnv, logs: string[]): Promise<StandaloneResult> {
  const standalone = path.join(root, ".next/standalone");
  if (!existsSync(path.join(standalone, "server.js"))) {
    return { ok: false, detail: ".next/standalone/server.js is missing: is `output: \"standalone\"` set in next.config.js?" };
  }
  const app = mkdtempSync(path.join(os.tmpdir(), "aab-image-"));
  try {
    // The Dockerfile's COPY lines, in the same order.
    cpSync(standalone, app, { recursive: true });
    cpSync(path.join(root, ".next/static"), path.join(app, ".next/static"), { recursive: true });
    cpSync(path.join(root, "prisma/migrations"), path.join(app, "prisma/migrations"), { recursive: true });
    mkdirSync(path.join(app, "server"));
    for (const file of readdirSync(path.join(root, "server")).filter((name) => name.endsWith(".mjs"))) {
      cpSync(path.join(root, "server", file), path.join(app, "server", file));
    }
    const port = await freePort();
    // Only what the image's environment would hold: no tsx, no dev tooling, cwd the image's /app.
    const runtimeEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: env.DATABASE_URL,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
      STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
      STRIPE_PUBLIC_KEY: env.STRIPE_PUBLIC_KEY,
      STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: env.STRIPE_API_URL,
    };
    const child = spawn(process.execPath, ["server/production-server.mjs"], { cwd: app, env: runtimeEnv, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) if (line) logs.push(`[standalone] ${line}`);
      });
    }
    try {
      await waitForHealthy(`http://127.0.0.1:${port}/api/health`, child, 60_000);
      const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { ok?: boolean; database?: string };
      const page = await fetch(`http://127.0.0.1:${port}/signin`);
      const html = await page.text();
      const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
      const assetStatus = asset ? (await fetch(`http://127.0.0.1:${port}${asset}`)).status : 0;
      const webhook = await deliverOne(`http://127.0.0.1:${port}/api/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRET ?? "");
      const ok = health.ok === true && health.database === "up" && page.status === 200 && assetStatus === 200 && webhook.ok;
      return {
        ok,
        detail: `health ${JSON.stringify(health)}, /signin ${page.status}, static asset ${assetStatus}, webhook ${webhook.detail}`,
      };
    } catch (error) {
      return { ok: false, detail: `${(error as Error).message}\n${logs.filter((l) => l.startsWith("[standalone]")).slice(-15).join("\n")}` };
    } finally {
      await stopChild(child);
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}
