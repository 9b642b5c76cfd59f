// Builds the production bundle only when sources changed since the last build, so a second
// `npm start` is ready in seconds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCE_ROOTS = ["app", "components", "lib", "proxy.ts", "next.config.js", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "prisma/schema.prisma"];
const SKIPPED_DIRS = new Set(["node_modules", ".next", "generated", ".data"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (SKIPPED_DIRS.has(child)) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function buildIsStale(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCE_ROOTS.some((entry) => newestMtime(path.join(root, entry)) > builtAt);
}

export function buildApp(root: string, env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  log("building the production bundle (next build)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit code ${result.status ?? result.signal})`);
  }
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
