// The page tour's count line (issue #18): how many pages and states axe checked, and how many violations it found,
// over the whole run. The tour's tests run in parallel on several workers (pages.spec.ts), and Playwright starts a
// new worker after a failed test, so the tally lives in a file named after this run's app (a free port each run),
// appended to by every worker and read once by the global teardown.
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { WIDTHS } from "./look";

type TallyEntry = { state: string; violations: number };

function tallyFile(): string {
  return `test-results/axe-tally-${new URL(process.env.E2E_BASE_URL ?? "http://x:0").port}.jsonl`;
}

/** One state checked at one width, with its serious and critical findings. */
export function recordAxeFindings(entry: TallyEntry): void {
  appendFileSync(tallyFile(), `${JSON.stringify(entry)}\n`);
}

/** Prints the run's count line, if the tour ran, and removes the run's tally. */
export function printAxeTally(): void {
  const file = tallyFile();
  if (!existsSync(file)) return;
  const entries = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TallyEntry);
  rmSync(file, { force: true });
  const states = new Set(entries.map((entry) => entry.state)).size;
  const violations = entries.reduce((sum, entry) => sum + entry.violations, 0);
  console.log(`axe: ${states} pages/states checked at ${WIDTHS.join(" and ")} px, ${violations} violations`);
}
