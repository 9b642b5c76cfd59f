// npm test: lint, typecheck, unit + integration tests (vitest, real PostgreSQL), then the e2e
// suite in Debian's chromium against the production build. Ends with one summary line.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM = "/usr/bin/chromium";
const RESULTS = path.join(ROOT, "test-results");

interface Step {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
  /** Reads only the source on one core: runs alongside the other such steps, its output held until it ends. */
  alongside?: boolean;
}

function bin(name: string): string {
  return path.join(ROOT, "node_modules", ".bin", name);
}

if (!existsSync(CHROMIUM)) {
  console.error(`chromium is missing for the e2e suite; install it with: sudo apt-get install -y chromium`);
  process.exit(1);
}
mkdirSync(RESULTS, { recursive: true });
// The summary reads these: a step that was skipped or crashed must not be counted from an earlier run's report.
for (const report of ["vitest.json", "playwright.json"]) rmSync(path.join(RESULTS, report), { force: true });

// Options for a second pass that repeats only what depends on the database (CI's DATABASE_URL run): with none,
// every step runs in full, as the README says.
//   --skip=lint,typecheck   leave out those steps (they read the source, not the database)
//   --e2e-grep=@tag         run only the e2e tests whose title or tag matches
//   --vitest-filter=text    run only the vitest files whose path contains the text (".integration." for the files
//                           that talk to PostgreSQL)
const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}
const OPTIONS = ["skip", "e2e-grep", "vitest-filter"];
const unknown = args.filter((arg) => !OPTIONS.some((name) => arg.startsWith(`--${name}=`) && arg.length > name.length + 3));
if (unknown.length > 0) {
  console.error(
    `unknown option ${unknown.join(" ")}; npm test takes --skip=lint,typecheck,vitest,e2e, --e2e-grep=<pattern> and --vitest-filter=<text>`,
  );
  process.exit(2);
}
const skippedSteps = new Set((option("skip") ?? "").split(",").filter(Boolean));
const e2eGrep = option("e2e-grep");
const vitestFilter = option("vitest-filter");

const allSteps: (Step & { id: string })[] = [
  { id: "lint", name: "lint", command: [bin("eslint"), "."], alongside: true },
  { id: "typecheck", name: "typecheck", command: [bin("tsc"), "--noEmit"], alongside: true },
  {
    id: "vitest",
    name: "unit and integration tests",
    command: [
      bin("vitest"),
      "run",
      ...(vitestFilter ? [vitestFilter] : []),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${RESULTS}/vitest.json`,
    ],
  },
  { id: "e2e", name: "e2e tests", command: [bin("playwright"), "test", ...(e2eGrep ? ["--grep", e2eGrep] : [])] },
];
const unknownSteps = [...skippedSteps].filter((id) => !allSteps.some((step) => step.id === id));
if (unknownSteps.length > 0) {
  console.error(`unknown step ${unknownSteps.join(", ")} in --skip; the steps are ${allSteps.map((step) => step.id).join(", ")}`);
  process.exit(2);
}
const steps = allSteps.filter((step) => !skippedSteps.has(step.id));
for (const id of skippedSteps) console.log(`=== ${id}: skipped (--skip)`);

const failedSteps: string[] = [];
const stepEnv = (step: Step) => ({ ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...step.env });
const commandLine = (step: Step) => step.command.map((part) => path.relative(ROOT, part) || part).join(" ");
function settle(step: Step, status: number | null, signal: NodeJS.Signals | null, started: number) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status === 0) console.log(`=== ${step.name}: ok (${seconds} s)`);
  else {
    console.log(`=== ${step.name}: FAILED (exit ${status ?? signal}, ${seconds} s)`);
    failedSteps.push(step.name);
  }
}

// Lint and the type check read only the source and each keeps one core busy (ESLint 30-60 s, tsc about 9 s on the
// 2-core machine), so they run together and take the longer one's time; each one's output is printed whole when
// it ends. The tests come after, one step at a time: vitest and the e2e suite use both cores on their own.
const alongside = steps.filter((step) => step.alongside);
await Promise.all(
  alongside.map(
    (step) =>
      new Promise<void>((resolve) => {
        const started = Date.now();
        const child = spawn(step.command[0]!, step.command.slice(1), { cwd: ROOT, env: stepEnv(step), stdio: ["ignore", "pipe", "pipe"] });
        const output: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
        child.on("error", (error) => output.push(Buffer.from(`${error.message}\n`)));
        child.on("close", (status, signal) => {
          console.log(`\n=== ${step.name}: ${commandLine(step)}`);
          process.stdout.write(Buffer.concat(output));
          settle(step, status, signal, started);
          resolve();
        });
      }),
  ),
);
for (const step of steps.filter((candidate) => !candidate.alongside)) {
  console.log(`\n=== ${step.name}: ${commandLine(step)}`);
  const started = Date.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), { cwd: ROOT, stdio: "inherit", env: stepEnv(step) });
  settle(step, result.status, result.signal, started);
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
