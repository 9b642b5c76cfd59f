// The production server: `npm start`, the Docker image and the resilience suite run this, not `next start` or
// the standalone output's server.js. It serves `POST /api/webhooks/stripe` with the route's own handler straight
// from node:http, and hands every other request to Next's request handler (proxy.ts, pages, other API routes,
// static files, exactly as `next start` serves them).
//
// Why: Stripe's deliveries are the one high-volume path, and Next's request pipeline around a route handler cost
// more CPU per delivery than the delivery's own work (profile and figures in the README, "Webhook ingest"). The
// handler is `acceptStripeDelivery` from the compiled route of the same build (`.next/server/app/api/webhooks/
// stripe/route.js`): one implementation, which the route's POST also calls under `next dev`.
//
// With WEB_CONCURRENCY=N, N worker processes, each all of the above, behind the one port (server-workers.mjs: why
// it is off by default).
//
// Run from the app's directory: the repository after `next build`, or the standalone layout of the Dockerfile.
// PORT (default 3000), HOSTNAME (an address to listen on; unset: every interface, IPv4 and IPv6, as `next start`)
// WEB_CONCURRENCY (worker processes, or "cores"; unset or 1: this process serves) and ACCEPTS_PER_LOOP_TURN
// (accept-descriptors.mjs: how many waiting connections one event-loop turn may take; default 16).
import cluster from "node:cluster";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { acceptOnMoreDescriptors, acceptsPerLoopTurn, closeListeners } from "./accept-descriptors.mjs";
import { superviseWorkers, workerCount } from "./server-workers.mjs";
import { isWebhookDelivery, serveWebhook } from "./webhook-transport.mjs";

const require = createRequire(import.meta.url);
process.env.NODE_ENV = "production";
const dir = process.cwd();
const port = Number.parseInt(process.env.PORT ?? "", 10) || 3000;
const listenHost = process.env.HOSTNAME || undefined;
const hostname = listenHost ?? "localhost";
const readyLine = `ready on http://${hostname}:${port}`;

const workers = cluster.isPrimary ? workerCount(process.env.WEB_CONCURRENCY) : 1;
const acceptsPerTurn = acceptsPerLoopTurn(process.env.ACCEPTS_PER_LOOP_TURN);
if (workers > 1) superviseWorkers(workers, readyLine);
else await serve();

/** One whole server in this process: the webhook fast path, then Next. */
async function serve() {
  const serverFiles = JSON.parse(readFileSync(path.join(dir, ".next/required-server-files.json"), "utf8"));
  const distDir = path.join(dir, serverFiles.config.distDir ?? ".next");
  // The standalone layout has no next.config.js: Next reads the build's config from here, as its server.js does. In
  // the repository, Next loads next.config.js, which also validates the environment.
  if (!existsSync(path.join(dir, "next.config.js"))) {
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(serverFiles.config);
  }

  const nextModule = require("next");
  const createNext = nextModule.default ?? nextModule;
  const server = http.createServer();
  const app = createNext({ dev: false, dir, hostname, port, httpServer: server });
  await app.prepare();
  const nextHandler = app.getRequestHandler();

  // The route module as Next itself loads it (same file, same module instance, one database pool).
  const routeModule = require(path.join(distDir, "server/app/api/webhooks/stripe/route.js")).routeModule;
  await routeModule.ensureUserland();
  const accept = routeModule.userland.acceptStripeDelivery;
  if (typeof accept !== "function") throw new Error("the webhook route does not export acceptStripeDelivery");

  // The headers Next adds to this route's answers on its own path (proxy.ts skips the route, next.config.js adds
  // none): its Vary for app routes, plus Accept-Encoding where its compression could apply (answers with a body).
  const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
  /** @param {{ body: string | null } | null} answer */
  const nextRouteHeaders = (answer) => ({ vary: answer?.body ? `${NEXT_VARY}, Accept-Encoding` : NEXT_VARY });

  server.on("request", (req, res) => {
    if (isWebhookDelivery(req)) {
      void serveWebhook(accept, req, res, nextRouteHeaders, (error) => {
        console.error("webhook route failed", error);
      });
      return;
    }
    void nextHandler(req, res);
  });

  server.on("error", (error) => {
    console.error("Failed to start server", error);
    process.exit(1);
  });
  // Like `next start`: finish in-flight requests on SIGTERM/SIGINT, then exit. Once: a Ctrl-C reaches a worker both
  // from the terminal and from its primary.
  /** @type {import("node:net").Server[]} */
  let moreDescriptors = [];
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      closeListeners([server, ...moreDescriptors], () => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }

  await new Promise((resolve) => server.listen(port, listenHost, () => resolve(undefined)));
  // The extra descriptors are ready before the ready line: a burst right after it is accepted at full speed. They
  // only speed up accepting, so a failure to add them is a warning, not a failed start.
  try {
    const added = await acceptOnMoreDescriptors(server, acceptsPerTurn);
    if (stopping) closeListeners(added, () => {});
    else moreDescriptors = added;
  } catch (error) {
    console.warn("accepting on one descriptor only:", error);
  }
  // A worker's primary says it once for all of them.
  if (cluster.isPrimary && !stopping) console.log(readyLine);
}
