// Leak scans: the client bundles (.next/static) for this run's secrets and for secret-shaped strings; every
// response the suite received for secrets and for other tenants' data; the instances' logs for card numbers,
// client secrets and keys.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type LeakResult = { leaks: number; filesScanned: number; responsesScanned: number; logLinesScanned: number; failures: string[] };

function walk(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A 13–19 digit run (spaces or dashes allowed between groups) that passes Luhn and starts like a card brand. */
export function findCardNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])/g)) {
    const digits = m[0].replace(/[ -]/g, "");
    if (/^(4|5[1-5]|2[2-7]|3[47]|6(?:011|5))/.test(digits) && luhn(digits)) found.push(digits);
  }
  return found;
}

const SECRET_SHAPES: [string, RegExp][] = [
  ["secret key", /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{8,}/],
  ["webhook secret", /\bwhsec_[A-Za-z0-9+/=]{8,}/],
  ["database URL", /postgres(?:ql)?:\/\/[^\s"'`]*:[^\s"'`@]+@/],
];

export type RunSecrets = { label: string; value: string }[];

export type Response = { persona: string; path: string; body: string };

export function scanForLeaks(input: {
  root: string;
  secrets: RunSecrets;
  responses: Response[];
  /** Strings that only the named personas (and the admin) may ever receive. */
  tenantData: { owners: string[]; strings: string[] }[];
  logs: string[];
}): LeakResult {
  const result: LeakResult = { leaks: 0, filesScanned: 0, responsesScanned: 0, logLinesScanned: 0, failures: [] };
  const leak = (what: string) => {
    result.leaks += 1;
    if (result.failures.length < 40) result.failures.push(what);
  };
  const secretValues = input.secrets.filter((s) => s.value.length >= 8);

  for (const file of walk(path.join(input.root, ".next/static"))) {
    result.filesScanned += 1;
    const text = readFileSync(file, "latin1");
    for (const secret of secretValues) if (text.includes(secret.value)) leak(`${secret.label} in ${path.relative(input.root, file)}`);
    for (const [label, shape] of SECRET_SHAPES) if (shape.test(text)) leak(`${label}-shaped string in ${path.relative(input.root, file)}: ${shape.exec(text)?.[0].slice(0, 24)}…`);
  }

  for (const response of input.responses) {
    result.responsesScanned += 1;
    for (const secret of secretValues) if (response.body.includes(secret.value)) leak(`${secret.label} in the response to ${response.persona} for ${response.path}`);
    for (const [label, shape] of SECRET_SHAPES) if (shape.test(response.body)) leak(`${label}-shaped string in the response to ${response.persona} for ${response.path}`);
    if (response.persona === "admin") continue;
    for (const group of input.tenantData) {
      if (group.owners.includes(response.persona)) continue;
      // An id the caller put in the URL may be echoed back (a callbackUrl, a 404 page); that reveals nothing.
      for (const s of group.strings) if (s && !response.path.includes(s) && response.body.includes(s)) leak(`another tenant's data (${s}) in the response to ${response.persona} for ${response.path}`);
    }
  }

  for (const line of input.logs) {
    result.logLinesScanned += 1;
    for (const card of findCardNumbers(line)) leak(`card number …${card.slice(-4)} in a log line: ${line.slice(0, 120)}`);
    if (/_secret_[A-Za-z0-9]/.test(line)) leak(`client secret in a log line: ${line.slice(0, 120)}`);
    for (const secret of secretValues) if (line.includes(secret.value)) leak(`${secret.label} in a log line`);
    for (const [label, shape] of SECRET_SHAPES) if (shape.test(line)) leak(`${label}-shaped string in a log line: ${line.slice(0, 120)}`);
  }
  return result;
}
