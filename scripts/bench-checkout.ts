// npm run bench:checkout — how long a tenant on a slow network waits for a usable card form. Starts a throwaway
// stack (as the e2e suite does), signs a fresh tenant up at full speed, then, in Debian's Chromium with 600 ms
// round trips emulated (CDP Network.emulateNetworkConditions), measures from navigation to /checkout/<plan> until
// the card number field and the Subscribe button can be used. Prints the chain of requests that had to happen
// one after another, and ends with `checkout ready <N> ms at 600 ms RTT, <N> round trips`.
import { randomBytes } from "node:crypto";
import { chromium, type CDPSession } from "@playwright/test";
import { startStack } from "./lib/stack";

const RTT_MS = 600;
const PLAN = process.argv.find((a) => a.startsWith("--plan="))?.slice(7) ?? "starter-month";
const RUNS = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 3);

type Req = { id: string; url: string; method: string; type: string; start: number; end: number | null };

/** Requests on the critical path: each one's depth is 1 + the deepest request that had finished when it began. */
function sequentialChain(requests: Req[], readyAt: number): Req[] {
  const done = requests.filter((r): r is Req & { end: number } => r.end !== null && r.end <= readyAt).sort((a, b) => a.start - b.start);
  const depth = new Map<string, { depth: number; prev: Req | null }>();
  for (const r of done) {
    let best: { depth: number; prev: Req | null } = { depth: 1, prev: null };
    for (const p of done) {
      if (p === r || p.end > r.start) continue;
      const d = depth.get(p.id);
      if (d && d.depth + 1 > best.depth) best = { depth: d.depth + 1, prev: p };
    }
    depth.set(r.id, best);
  }
  let last: Req | null = null;
  let max = 0;
  for (const r of done) {
    const d = depth.get(r.id)?.depth ?? 0;
    if (d > max || (d === max && last && r.end > (last.end ?? 0))) {
      max = d;
      last = r;
    }
  }
  const chain: Req[] = [];
  for (let r = last; r; r = depth.get(r.id)?.prev ?? null) chain.unshift(r);
  return chain;
}

function shortUrl(url: string): string {
  const u = new URL(url);
  const path = u.pathname.length > 70 ? `${u.pathname.slice(0, 67)}…` : u.pathname;
  return `${u.port ? `:${u.port}` : u.host}${path}${u.search ? "?…" : ""}`;
}

async function main() {
  const log = (line: string) => process.env.BENCH_VERBOSE && console.log(`[stack] ${line}`);
  const stack = await startStack("e2e", log);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage", "--disable-quic"],
  });
  try {
    const results: { ms: number; trips: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ baseURL: stack.info.appUrl });
      const page = await context.newPage();
      // A fresh tenant each run: an owner with no subscription, so the checkout page renders its form.
      const email = `bench-${Date.now().toString(36)}${randomBytes(3).toString("hex")}@example.test`;
      await page.goto("/signup?callbackUrl=%2Fpricing");
      await page.getByLabel("Your name").fill("Bench Owner");
      await page.getByLabel("Organisation").fill(`Bench ${run}`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("correct-horse-battery-staple");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.waitForURL((url) => url.pathname === "/pricing");

      // A cold visit, as after a deploy: no HTTP cache, then the slow network.
      const cdp: CDPSession = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.clearBrowserCache");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: RTT_MS, downloadThroughput: -1, uploadThroughput: -1 });
      const requests = new Map<string, Req>();
      const prefetches = new Set<string>();
      cdp.on("Network.requestWillBeSent", (e) => {
        // Link prefetches the router fires after hydration are not on the way to the card form.
        if (e.request.headers["Next-Router-Prefetch"] || e.request.headers["next-router-prefetch"]) prefetches.add(e.requestId);
        if (!requests.has(e.requestId)) {
          requests.set(e.requestId, { id: e.requestId, url: e.request.url, method: e.request.method, type: e.type ?? "", start: e.timestamp * 1000, end: null });
        }
      });
      // A round trip ends when the response's headers arrive; a streamed body may go on after the form works.
      cdp.on("Network.responseReceived", (e) => {
        const r = requests.get(e.requestId);
        if (r && r.end === null) r.end = e.timestamp * 1000;
      });
      cdp.on("Network.loadingFailed", (e) => {
        const r = requests.get(e.requestId);
        if (r && r.end === null) r.end = e.timestamp * 1000;
      });

      const started = performance.now();
      await page.goto(`/checkout/${PLAN}`, { waitUntil: "commit" });
      const card = page.getByLabel("Card number");
      await card.waitFor({ state: "visible", timeout: 60_000 });
      const button = page.getByTestId("pay-button");
      // Usable: the tenant can type a card and press Subscribe (not a spinner, not a disabled button).
      while (!((await card.isEditable()) && (await button.isEnabled().catch(() => false)))) {
        if (performance.now() - started > 60_000) throw new Error("the card form never became usable");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const ms = Math.round(performance.now() - started);
      // CDP timestamps are monotonic seconds; find the navigation request and measure from its start.
      const all = [...requests.values()].filter((r) => !prefetches.has(r.id));
      const nav = all.filter((r) => r.type === "Document" && new URL(r.url).pathname === `/checkout/${PLAN}`).sort((a, b) => a.start - b.start)[0];
      const origin = nav?.start ?? Math.min(...all.map((r) => r.start));
      const readyAt = origin + ms;
      const chain = sequentialChain(all.filter((r) => r.start >= origin), readyAt);
      console.log(`run ${run + 1}: ${ms} ms, ${chain.length} sequential round trips (${all.length} requests in all)`);
      for (const r of chain) {
        console.log(`  ${String(Math.round(r.start - origin)).padStart(6)} → ${String(Math.round((r.end ?? 0) - origin)).padStart(6)} ms  ${r.method} ${shortUrl(r.url)}`);
      }
      if (process.env.BENCH_VERBOSE) {
        console.log("  all requests:");
        for (const r of all.sort((a, b) => a.start - b.start)) {
          console.log(`    ${String(Math.round(r.start - origin)).padStart(6)} → ${r.end === null ? "  …" : String(Math.round(r.end - origin)).padStart(6)} ms  ${r.type} ${r.method} ${shortUrl(r.url)}`);
        }
      }
      results.push({ ms, trips: chain.length });
      await context.close();
    }
    // The median run: the first pays for the server's cold caches.
    const sorted = [...results].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)] ?? { ms: 0, trips: 0 };
    console.log(`checkout ready ${median.ms} ms at ${RTT_MS} ms RTT, ${median.trips} round trips`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
