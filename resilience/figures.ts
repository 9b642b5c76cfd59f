// The suite's figures and the table it ends with. Columns marked "must be zero" fail the run when not zero.

export class Figures {
  events = 0;
  tenants = 0;
  deliveries = 0;
  duplicates = 0;
  concurrentDuplicates = 0;
  reorders = 0;
  faultsInjected = 0;
  instanceKills = 0;
  databaseRestarts = 0;
  databaseRestartSkipped: string | null = null;
  outages = 0;
  gapFilled = 0;
  replayed = 0;
  drift = 0;
  duplicateEffects = 0;
  lostEvents = 0;
  halfApplied = 0;
  fuzzCases = 0;
  fiveHundreds = 0;
  stackTraces = 0;
  fuzzWrites = 0;
  matrixCells = 0;
  headerChecks = 0;
  leaks = 0;
  emails = 0;
  duplicateEmails = 0;
  /** Sent again across a SIGKILL inside the SMTP-accepted-but-not-yet-marked window: allowed, shown. */
  resentAfterKill = 0;
  lostEmails = 0;
  seconds = 0;
  /** Every must-be-zero problem in words, printed above the table. */
  failures: string[] = [];
}

const MUST_BE_ZERO: (keyof Figures)[] = [
  "drift",
  "duplicateEffects",
  "lostEvents",
  "halfApplied",
  "fiveHundreds",
  "stackTraces",
  "fuzzWrites",
  "leaks",
  "duplicateEmails",
  "lostEmails",
];

/** Prints the table and the last line; returns the exit code. */
export function printFigures(f: Figures): number {
  const rows: [string, string | number, string][] = [
    ["events (lifecycle, from the emulator)", f.events, ""],
    ["tenants", f.tenants, ""],
    ["deliveries (incl. retries)", f.deliveries, ""],
    ["duplicates delivered (emulator + concurrent)", `${f.duplicates} + ${f.concurrentDuplicates}`, ""],
    ["reorders (delivered before an older event)", f.reorders, ""],
    ["faults injected (handler throws)", f.faultsInjected, ""],
    ["instances SIGKILLed / database restarts", `${f.instanceKills} / ${f.databaseRestarts}`, f.databaseRestartSkipped ? `skipped: ${f.databaseRestartSkipped}` : ""],
    ["webhook outages beyond the retries", f.outages, ""],
    ["completed by gap fill / replay", `${f.gapFilled} / ${f.replayed}`, ""],
    ["drift (rows ≠ emulator)", f.drift, "must be 0"],
    ["duplicate effects", f.duplicateEffects, "must be 0"],
    ["events lost / half-applied", `${f.lostEvents} / ${f.halfApplied}`, "must be 0"],
    ["fuzz cases", f.fuzzCases, ""],
    ["5xx responses (fuzz + matrix)", f.fiveHundreds, "must be 0"],
    ["stack traces in responses", f.stackTraces, "must be 0"],
    ["writes caused by hostile input", f.fuzzWrites, "must be 0"],
    ["matrix cells checked", f.matrixCells, ""],
    ["header checks", f.headerChecks, ""],
    ["leaks found", f.leaks, "must be 0"],
    ["emails received (catcher)", f.emails, ""],
    ["emails duplicated / lost", `${f.duplicateEmails} / ${f.lostEmails}`, "must be 0"],
    ["emails resent across a SIGKILL (same Message-ID)", f.resentAfterKill, ""],
    ["run time (s)", f.seconds, ""],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => String(r[1]).length));
  if (f.failures.length > 0) {
    console.log(`\n${f.failures.length} problem(s):`);
    // Grouped by kind (numbers and ids stripped), so a thousand identical failures read as one line.
    const groups = new Map<string, { count: number; example: string }>();
    for (const failure of f.failures) {
      const kind = failure.replace(/#\d+/g, "#").replace(/\b(evt|sub|in|ch|cus|pi|seti|re)_[A-Za-z0-9_]+/g, "$1_…").slice(0, 90);
      const group = groups.get(kind) ?? { count: 0, example: failure };
      group.count += 1;
      groups.set(kind, group);
    }
    for (const { count, example } of [...groups.values()].slice(0, 60)) console.log(`  - ${count > 1 ? `${count}× ` : ""}${example.slice(0, 400)}`);
    if (groups.size > 60) console.log(`  … and ${groups.size - 60} more kinds`);
  }
  console.log("");
  for (const [label, value, note] of rows) console.log(`  ${label.padEnd(width)}  ${String(value).padStart(valueWidth)}  ${note}`);
  console.log("");
  const failed = f.failures.length > 0 || MUST_BE_ZERO.some((key) => f[key] !== 0);
  console.log(`drift ${f.drift}, duplicate effects ${f.duplicateEffects}, 5xx ${f.fiveHundreds}, leaks ${f.leaks}, events ${f.events}, duplicate emails ${f.duplicateEmails}, lost emails ${f.lostEmails}`);
  return failed ? 1 : 0;
}
