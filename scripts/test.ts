// npm test: lint, typecheck, unit + integration tests (vitest, real PostgreSQL), then the e2e
// suite in Debian's chromium against the production build. Ends with one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM = "/usr/bin/chromium";
const RESULTS = path.join(ROOT, "test-results");

interface Step {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
}

function bin(name: string): string {
  return path.join(ROOT, "node_modules", ".bin", name);
}

if (!existsSync(CHROMIUM)) {
  console.error(`chromium is missing for the e2e suite; install it with: sudo apt-get install -y chromium`);
  process.exit(1);
}
mkdirSync(RESULTS, { recursive: true });

const steps: Step[] = [
  { name: "lint", command: [bin("eslint"), "."] },
  { name: "typecheck", command: [bin("tsc"), "--noEmit"] },
  {
    name: "unit and integration tests",
    command: [bin("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/vitest.json`],
  },
  { name: "e2e tests", command: [bin("playwright"), "test"] },
];

const failedSteps: string[] = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.command.map((part) => path.relative(ROOT, part) || part).join(" ")}`);
  const started = Date.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) console.log(`=== ${step.name}: ok (${seconds} s)`);
  else {
    console.log(`=== ${step.name}: FAILED (exit ${result.status ?? result.signal}, ${seconds} s)`);
    failedSteps.push(step.name);
  }
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const vitest = readJson(path.join(RESULTS, "vitest.json"));
const playwright = readJson(path.join(RESULTS, "playwright.json"));
const playwrightStats = (playwright?.stats ?? {}) as Record<string, number>;
const passed = Number(vitest?.numPassedTests ?? 0) + Number(playwrightStats.expected ?? 0);
const failed =
  Number(vitest?.numFailedTests ?? 0) + Number(playwrightStats.unexpected ?? 0) + Number(playwrightStats.flaky ?? 0);
const skipped = Number(vitest?.numPendingTests ?? 0) + Number(vitest?.numTodoTests ?? 0) + Number(playwrightStats.skipped ?? 0);

if (failedSteps.length > 0) console.log(`\nfailed steps: ${failedSteps.join(", ")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
