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
    serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "graphile-worker", "nodemailer"],
    // The build type-checks the runtime code only (tsconfig.build.json); `npm test` checks the whole tree.
    typescript: { tsconfigPath: "tsconfig.build.json" },
    experimental: {
      // The styles are a few KB: inlined, they cost no request. Over HTTP/1.1 a browser fetches six at a time from
      // one origin, and checkout's 2 stylesheets + 10 scripts + the late error-boundary chunk took three waves at
      // 600 ms RTT; without the stylesheets they take two (`npm run bench:checkout`). CSP already allows inline
      // styles (style-src 'unsafe-inline').
      inlineCss: true,
    },
  };
}
