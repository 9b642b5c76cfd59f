// Hostile input: the webhook route gets random and mutated bodies, headers, signatures, encodings and sizes;
// every server action and route handler gets wrong types, missing fields, huge strings and other tenants' ids.
// Never a 5xx, never a stack trace in a response, and no refused request may write a row.
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { createPrng } from "@asset-anchor/stripe-local/prng";
import { readAccessMap } from "./access-map";
import { actionOutcome, type HttpSession, type Reply } from "./http-client";
import { readActionIds, type Persona } from "./matrix";
import type { Sql } from "./db";

export type FuzzResult = {
  cases: number;
  fiveHundreds: number;
  stackTraces: number;
  writes: number;
  /** Batches under which a row changed, whose refused cases were then sent again one at a time to find a writer. */
  batchesSentAgain: number;
  failures: string[];
};

const STACK_TRACE = /\n\s+at [^\n]*\(?[^\s()]+:\d+:\d+\)?|\bat (?:async )?[\w.$<>]+ \((?:\/|file:|node:)[^)]*:\d+:\d+\)|node_modules\/|webpack-internal:|\/work\/|\.next\/server/;

export function hasStackTrace(body: string): boolean {
  return STACK_TRACE.test(body);
}

function describe(input: unknown): string {
  const text = JSON.stringify(input) ?? "undefined";
  return text.length > 70 ? `${text.slice(0, 60)}…(${text.length} chars)` : text;
}

/** One query: a fingerprint of every table hostile input could write to. */
async function fingerprint(sql: Sql): Promise<string> {
  const { rows } = await sql.query<{ f: string }>(`SELECT concat_ws(',',
    (SELECT count(*) FROM "User"), (SELECT count(*) FROM "Tenant"), (SELECT max("updatedAt") FROM "Tenant"),
    (SELECT count(*) FROM "Membership"), (SELECT count(*) FROM "Subscription"), (SELECT max("updatedAt") FROM "Subscription"),
    (SELECT count(*) FROM "Invoice"), (SELECT max("updatedAt") FROM "Invoice"), (SELECT count(*) FROM "Payment"),
    (SELECT max("updatedAt") FROM "Payment"), (SELECT count(*) FROM "Refund"), (SELECT count(*) FROM "PaymentMethod"),
    (SELECT count(*) FROM "WebhookEvent"), (SELECT max("receivedAt") FROM "WebhookEvent"), (SELECT count(*) FROM "AuditLog")) AS f`);
  return rows[0]?.f ?? "";
}

/**
 * `fingerprint`, read again only when a transaction has ended since it was last read. A write to any table takes a
 * transaction id, and the snapshot's text (xmin:xmax:ids in progress) changes whenever a transaction that has one
 * commits or aborts: the same snapshot means no row changed, so the fingerprint read after it still holds. Counting
 * every table twice per case, over the rows the load left, cost about 16 s of the phase's 239.
 */
export function fingerprintReader(sql: Sql): () => Promise<string> {
  let last: { snapshot: string; fingerprint: string } | null = null;
  return async () => {
    const { rows } = await sql.query<{ s: string }>(`SELECT pg_current_snapshot()::text AS s`);
    const snapshot = rows[0]?.s ?? "";
    if (last?.snapshot === snapshot) return last.fingerprint;
    // Read after the snapshot: a commit in between changes the next snapshot, which then reads it again.
    last = { snapshot, fingerprint: await fingerprint(sql) };
    return last.fingerprint;
  };
}

/** `expect4xx`: hostile input that must be refused with a 4xx (issue #12 finding 7), not merely not crash. */
export type Case = { name: string; send: () => Promise<Reply>; mayWrite?: boolean; expect4xx?: boolean };

function hostileActionBodies(): { name: string; body: string; headers: Record<string, string> }[] {
  const multipart = { "content-type": "multipart/form-data; boundary=fuzz" };
  const cases: { name: string; body: string; headers?: Record<string, string> }[] = [
    { name: '["$Q1"]', body: '["$Q1"]' },
    { name: '["$F1"]', body: '["$F1"]' },
    { name: '["$B1"]', body: '["$B1"]' },
    { name: '["$@1"]', body: '["$@1"]' },
    { name: "50k-deep array", body: `${"[".repeat(50_000)}${"]".repeat(50_000)}` },
    { name: "NUL in an argument", body: '[{"name":"a\\u0000b","tenantName":"x\\u0000"}]' },
    { name: "broken multipart", body: "--fuzz\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[", headers: multipart },
    { name: "multipart with a NUL", body: '--fuzz\r\nContent-Disposition: form-data; name="1_name"\r\n\r\na\u0000b\r\n--fuzz--\r\n', headers: multipart },
    { name: "body over 1 MiB", body: `["${"a".repeat(1024 * 1024 + 16)}"]` },
    { name: "cross-origin", body: "[{}]", headers: { origin: "https://evil.example" } },
    { name: "origin null", body: "[{}]", headers: { origin: "null" } },
  ];
  return cases.map((c) => ({ ...c, headers: c.headers ?? {} }));
}

/** A request fetch() will not send (TRACE, TRACK): straight over a socket. */
function rawRequest(baseUrl: string, method: string, path: string): Promise<Reply> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: `${url.pathname}${url.search}`, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8"), location: headers.get("location") });
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

/**
 * How many cases are in flight at once (`--fuzz-concurrency=N` changes it). One at a time, the phase waited on each
 * round trip and left a core idle: 4,395 cases took 222 s; 4 at once 86 s, 8 at once 52 s, 16 no less. Each batch is
 * checked as a whole: when a row changed under a batch, its refused cases are sent again one by one to name the one
 * that wrote (an accepted case in the batch may have made the change, but does not clear them).
 */
export const FUZZ_CONCURRENCY = 8;

type Sent = { reply: Reply } | { error: Error };

async function sendCase(c: Case): Promise<Sent> {
  try {
    return { reply: await c.send() };
  } catch (error) {
    return { error: error as Error };
  }
}

/** The batch starting at `from`: up to `size` cases that may not write, or one that may (its write would hide theirs). */
export function nextBatch<T extends { mayWrite?: boolean }>(cases: T[], from: number, size: number): T[] {
  const first = cases[from];
  if (!first) return [];
  if (first.mayWrite) return [first];
  const batch = [first];
  for (let i = from + 1; i < cases.length && batch.length < size && !cases[i]?.mayWrite; i += 1) batch.push(cases[i]!);
  return batch;
}

/** Counts one case's answer into `result`; answers whether it was refused (so must not have written). */
function tally(c: Case, sent: Sent, result: FuzzResult): boolean {
  result.cases += 1;
  if ("error" in sent) {
    // A dropped connection is what a client sees when the server dies: as bad as a 5xx.
    result.fiveHundreds += 1;
    result.failures.push(`${c.name}: request failed (${sent.error.message})`);
    return false;
  }
  const { reply } = sent;
  if (reply.status >= 500 || actionOutcome(reply) === "internal") {
    // An action's `internal` error is the same unhandled server error as a 500, in the action's result shape.
    result.fiveHundreds += 1;
    result.failures.push(`${c.name}: ${reply.status >= 500 ? `HTTP ${reply.status}` : "internal error"} ${reply.body.replace(/\s+/g, " ").slice(0, 120)}`);
  }
  if (hasStackTrace(reply.body)) {
    result.stackTraces += 1;
    result.failures.push(`${c.name}: stack trace in the response`);
  }
  if (c.expect4xx && !(reply.status >= 400 && reply.status < 500)) {
    result.failures.push(`${c.name}: HTTP ${reply.status}, expected a 4xx`);
  } else if (c.expect4xx && !(reply.headers.get("content-security-policy") && reply.headers.get("x-frame-options"))) {
    result.failures.push(`${c.name}: HTTP ${reply.status} without security headers`);
  }
  return isRefused(reply);
}

function isRefused(reply: Reply): boolean {
  return reply.status >= 400 || /"ok":false/.test(reply.body);
}

/** Webhook deliveries the emulator still owes would change rows under any case: wait them out first. */
export async function runCases(
  cases: Case[],
  sql: Sql,
  result: FuzzResult,
  quiesce: () => Promise<void>,
  concurrency = FUZZ_CONCURRENCY,
): Promise<void> {
  const readFingerprint = fingerprintReader(sql);
  /** Whether a row changed under `send`, which answers whether anything it sent was refused (else nothing to check). */
  const changedUnder = async (send: () => Promise<boolean>): Promise<boolean> => {
    await quiesce();
    const before = await readFingerprint();
    if (!(await send())) return false;
    await quiesce();
    return (await readFingerprint()) !== before;
  };
  const writeFailure = (c: Case, reply: Reply) => {
    result.writes += 1;
    result.failures.push(`${c.name}: refused (${reply.status} ${actionOutcome(reply)}) but a row changed`);
  };
  for (let from = 0; from < cases.length; ) {
    const batch = nextBatch(cases, from, concurrency);
    from += batch.length;
    const refused: { c: Case; reply: Reply }[] = [];
    const changed = await changedUnder(async () => {
      const answers = await Promise.all(batch.map(sendCase));
      batch.forEach((c, i) => {
        const sent = answers[i]!;
        if (tally(c, sent, result) && !c.mayWrite && "reply" in sent) refused.push({ c, reply: sent.reply });
      });
      return refused.length > 0;
    });
    if (!changed) continue;
    if (batch.length === 1 && refused[0]) {
      writeFailure(refused[0].c, refused[0].reply);
      continue;
    }
    // Which refused case wrote: each alone again. A case that was answered in the batch writes the same way alone,
    // unless its write depends on the others; a change none of them makes alone is still a failure when every case
    // of the batch was refused (no accepted case can have made it).
    let named = 0;
    for (const { c } of refused) {
      const again: { reply?: Reply } = {};
      const changedAlone = await changedUnder(async () => {
        const sent = await sendCase(c);
        if ("reply" in sent) again.reply = sent.reply;
        return again.reply !== undefined && isRefused(again.reply);
      });
      if (changedAlone && again.reply) {
        writeFailure(c, again.reply);
        named += 1;
      }
    }
    result.batchesSentAgain += 1;
    if (named === 0 && refused.length === batch.length) {
      result.writes += 1;
      result.failures.push(`${batch.map((c) => c.name).join(" + ")}: all refused, sent together, but a row changed`);
    }
  }
}

function webhookCases(baseUrl: string, secret: string, random: () => number, count: number): Case[] {
  const signer = new Stripe("sk_test_fuzz", { telemetry: false });
  const url = `${baseUrl}/api/webhooks/stripe`;
  const now = Math.floor(Date.now() / 1000);
  const event = (type: string, object: object) =>
    JSON.stringify({ id: `evt_fuzz_${randomBytes(6).toString("hex")}`, object: "event", api_version: "2026-10-28.endive", created: now, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } });
  const valid = () => event("customer.subscription.updated", { id: "sub_fuzz", object: "subscription", customer: "cus_fuzz", status: "active", metadata: {}, items: { data: [] } });
  const sign = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
    signer.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? secret, timestamp: options.timestamp });
  const post = (body: string | Buffer, headers: Record<string, string>) => () =>
    fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]), signal: AbortSignal.timeout(30_000) }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text(), location: null }));
  const json = { "content-type": "application/json" };
  const mutate = (body: string): string => {
    const chars = [...body];
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i += 1) {
      const at = Math.floor(random() * chars.length);
      // Never the same character again: an unchanged body would carry a valid signature.
      chars[at] = String.fromCharCode(32 + ((chars[at]?.charCodeAt(0) ?? 32) - 32 + 1 + Math.floor(random() * 94)) % 95);
    }
    return chars.join("");
  };
  const fixed: Case[] = [
    { name: "webhook: no signature", send: post(valid(), json) },
    { name: "webhook: empty body", send: post("", { ...json, "stripe-signature": sign("") }) },
    { name: "webhook: wrong secret", send: (() => { const b = valid(); return post(b, { ...json, "stripe-signature": sign(b, { secret: "whsec_wrong" }) }); })() },
    { name: "webhook: stale timestamp", send: (() => { const b = valid(); return post(b, { ...json, "stripe-signature": sign(b, { timestamp: now - 3600 }) }); })() },
    { name: "webhook: future timestamp, body changed after signing", send: (() => { const b = valid(); return post(b.replace("active", "canceled"), { ...json, "stripe-signature": sign(b, { timestamp: now + 3600 }) }); })() },
    { name: "webhook: signature of another body", send: post(valid(), { ...json, "stripe-signature": sign(valid()) }) },
    { name: "webhook: garbage signature header", send: post(valid(), { ...json, "stripe-signature": "t=abc,v1=zz,v0=" + "a".repeat(5000) }) },
    { name: "webhook: signed, not JSON", send: (() => { const b = "not json {"; return post(b, { ...json, "stripe-signature": sign(b) }); })() },
    { name: "webhook: signed JSON null", send: (() => { const b = "null"; return post(b, { ...json, "stripe-signature": sign(b) }); })() },
    { name: "webhook: 1 MiB + 1 byte", send: post(" ".repeat(1024 * 1024 + 1), { ...json, "stripe-signature": sign("x") }) },
    { name: "webhook: 2 MiB signed", send: (() => { const b = JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }); return post(b, { ...json, "stripe-signature": sign(b) }); })() },
    { name: "webhook: latin-1 body", send: post(Buffer.from(valid().replace("active", "activé"), "latin1"), { "content-type": "application/json; charset=latin1", "stripe-signature": "t=1,v1=00" }) },
    { name: "webhook: UTF-16 body", send: post(Buffer.from(valid(), "utf16le"), { "content-type": "application/json; charset=utf-16", "stripe-signature": sign(valid()) }) },
    { name: "webhook: form encoded", send: post("type=invoice.paid&id=evt_1", { "content-type": "application/x-www-form-urlencoded", "stripe-signature": "t=1,v1=00" }) },
    { name: "webhook: GET", send: () => fetch(url).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text(), location: null })) },
  ];
  const generated: Case[] = [];
  for (let i = 0; generated.length + fixed.length < count; i += 1) {
    const kind = i % 4;
    if (kind === 0) {
      const b = valid();
      generated.push({ name: `webhook: mutated body #${i}`, send: post(mutate(b), { ...json, "stripe-signature": sign(b) }) });
    } else if (kind === 1) {
      const b = valid();
      const header = sign(b);
      generated.push({ name: `webhook: mutated signature #${i}`, send: post(b, { ...json, "stripe-signature": mutate(header) }) });
    } else if (kind === 2) {
      const size = Math.floor(random() * 4096);
      generated.push({ name: `webhook: random bytes #${i}`, send: post(randomBytes(size), { "content-type": "application/octet-stream", "stripe-signature": `t=${now},v1=${randomBytes(32).toString("hex")}` }) });
    } else {
      const b = mutate(valid());
      generated.push({ name: `webhook: random JSON signed with a guessed secret #${i}`, send: post(b, { ...json, "stripe-signature": sign(b, { secret: `whsec_${randomBytes(8).toString("hex")}` }) }) });
    }
  }
  return [...fixed, ...generated];
}

export type FuzzContext = {
  root: string;
  baseUrl: string;
  webhookSecret: string;
  sessions: Record<Persona, HttpSession>;
  params: Record<string, string>;
  /** Ids that belong to the demo tenant, fired by the other tenant's owner. */
  foreignIds: string[];
  sql: Sql;
  quiesce: () => Promise<void>;
  seed: number;
  webhookCases: number;
  casesPerAction: number;
  concurrency: number;
};

/** Field names the actions' zod schemas know, read from the action files and the lib modules they import. */
function knownFields(root: string, actionFiles: string[]): string[] {
  const names = new Set<string>();
  for (const file of actionFiles) {
    const source = readFileSync(path.join(root, file), "utf8");
    for (const m of source.matchAll(/(\w+):\s*z\./g)) if (m[1]) names.add(m[1]);
    for (const m of source.matchAll(/from "@\/(lib\/[\w/-]+)"/g)) {
      try {
        const lib = readFileSync(path.join(root, `${m[1]}.ts`), "utf8");
        for (const f of lib.matchAll(/(\w+):\s*z\./g)) if (f[1]) names.add(f[1]);
      } catch {
        // an index module or a folder: nothing to read
      }
    }
  }
  return [...names];
}

export async function runFuzz(ctx: FuzzContext, log: (line: string) => void): Promise<FuzzResult> {
  const result: FuzzResult = { cases: 0, fiveHundreds: 0, stackTraces: 0, writes: 0, batchesSentAgain: 0, failures: [] };
  const random = createPrng(ctx.seed);
  await runCases(webhookCases(ctx.baseUrl, ctx.webhookSecret, random, ctx.webhookCases), ctx.sql, result, ctx.quiesce, ctx.concurrency);
  const webhookCount = result.cases;

  const map = readAccessMap(ctx.root);
  const ids = readActionIds(ctx.root, ctx.params);
  const fields = knownFields(ctx.root, [...new Set(map.actions.map((a) => a.file))]);
  const huge = "x".repeat(200_000);
  const hostileValues: unknown[] = [12345, -1, 1e308, true, null, [], ["a", "b"], { $gt: "" }, huge, "'; DROP TABLE \"Tenant\"; --", "<script>alert(1)</script>", "../../etc/passwd", "\u0000\uffff", "evt_" + "9".repeat(300), ...ctx.foreignIds];
  const actionCases: Case[] = [];
  for (const action of map.actions) {
    const target = ids.get(`${action.file}#${action.name}`);
    if (!target) continue;
    const isForm = new RegExp(`function\\s+${action.name}\\s*\\(\\s*_?previous`).test(readFileSync(path.join(ctx.root, action.file), "utf8"));
    const wrap = (input: unknown) => (isForm ? [null, input] : [input]);
    // The most privileged caller the action admits, and the other tenant's owner with the demo tenant's ids.
    const callers: Persona[] = action.access.kind === "admin" ? ["admin", "owner"] : action.access.kind === "public" ? ["anonymous"] : ["owner", "otherOwner", "member"];
    const inputs: unknown[] = [undefined, null, "string", 42, [], { __proto__: { isPlatformAdmin: true } }, { tenantId: ctx.params.tenantId }];
    // A seeded sample of (field, hostile value) pairs: every value and every field appear across the run.
    for (let i = 0; i < ctx.casesPerAction; i += 1) {
      const field = fields[Math.floor(random() * fields.length)] ?? "id";
      const value = hostileValues[i % hostileValues.length];
      inputs.push({ [field]: value });
    }
    // Every known field at once, with other tenants' ids and huge strings.
    inputs.push(Object.fromEntries(fields.map((f, i) => [f, ctx.foreignIds[i % Math.max(1, ctx.foreignIds.length)] ?? huge])));
    for (const caller of callers) {
      for (const [i, input] of inputs.entries()) {
        actionCases.push({
          name: `action ${action.name} as ${caller} ${describe(input)} #${i}`,
          send: () => ctx.sessions[caller].callAction(target.page, target.id, wrap(input)),
          // Sign-up with a hostile but valid-looking field set may legitimately create an account.
          mayWrite: action.access.kind === "public",
        });
      }
    }
    // Raw bodies that are not the JSON array Next expects.
    for (const body of ["", "{", "[1,2,3", huge, "\u0000"]) {
      actionCases.push({
        name: `action ${action.name} raw body`,
        send: () => ctx.sessions.owner.request(target.page, { method: "POST", headers: { "next-action": target.id, "content-type": "text/plain;charset=UTF-8", origin: ctx.baseUrl }, body }),
      });
    }
  }
  // An action id that does not exist, and a cross-site origin.
  actionCases.push({ name: "action: unknown id", send: () => ctx.sessions.owner.callAction("/billing", "7f" + "0".repeat(40), [{}]) });
  // Issue #12 finding 7: bodies React's decoder chokes on (dangling references, deep nesting, broken multipart, NUL),
  // oversized bodies and other origins, against every action: each must be a 4xx and write nothing.
  for (const action of map.actions) {
    const target = ids.get(`${action.file}#${action.name}`);
    if (!target) continue;
    const caller = action.access.kind === "public" ? "anonymous" : action.access.kind === "admin" ? "admin" : "owner";
    for (const hostile of hostileActionBodies()) {
      actionCases.push({
        name: `action ${action.name} ${hostile.name}`,
        send: () =>
          ctx.sessions[caller].request(target.page, {
            method: "POST",
            headers: { "next-action": target.id, origin: ctx.baseUrl, "content-type": "text/plain;charset=UTF-8", ...hostile.headers },
            body: hostile.body,
          }),
        expect4xx: true,
      });
    }
  }
  await runCases(actionCases, ctx.sql, result, ctx.quiesce, ctx.concurrency);
  const actionCount = result.cases - webhookCount;

  const routeCases: Case[] = [];
  for (const route of map.routes) {
    if (route.route.startsWith("/api/webhooks")) continue;
    const base = route.route.replace("[...nextauth]", "session");
    const queries = ["", "?q=" + encodeURIComponent(huge.slice(0, 5000)), "?status=bogus&sort=%00&dir=sideways", "?after=" + "z".repeat(3000), "?q[]=1&q[]=2", "?tenantId=" + ctx.params.tenantId];
    const paths = route.route.includes("[...nextauth]")
      ? ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/callback/credentials", "/api/auth/signout", "/api/auth/nonsense/" + "a".repeat(2000)]
      : [base];
    for (const p of paths) {
      for (const q of queries) {
        for (const persona of ["admin", "owner", "anonymous"] as Persona[]) {
          routeCases.push({ name: `route GET ${p}${q.slice(0, 40)} as ${persona}`, send: () => ctx.sessions[persona].request(`${p}${q}`), mayWrite: p.startsWith("/api/auth") });
        }
      }
      for (const body of ["{", JSON.stringify({ email: 12, password: null }), "email=a&password=" + huge.slice(0, 50_000)]) {
        routeCases.push({
          name: `route POST ${p} junk`,
          send: () => ctx.sessions.anonymous.request(p, { method: "POST", headers: { "content-type": body.startsWith("email") ? "application/x-www-form-urlencoded" : "application/json" }, body }),
          mayWrite: p.startsWith("/api/auth"),
        });
      }
    }
  }
  // Issue #12 finding 7: NUL bytes and impossible dates in search boxes, filters and the CSV export; methods Next does
  // not route (TRACE over a raw socket, since fetch refuses to send it) on pages, API routes and the webhook path.
  const hostileGets = ["/admin/tenants?q=a%00b", "/admin/tenants?status=a%00", "/admin/webhooks?type=a%00b", "/admin/webhooks?tenant=%00",
    "/admin/webhooks?from=-000001-01-01", "/admin/webhooks?to=%2B275760-09-13", "/admin/audit?actor=a%00b", "/admin/audit?action=%00",
    "/admin/tenants/export?q=a%00b", "/signup?name=%00"];
  for (const p of hostileGets) {
    routeCases.push({ name: `route GET ${p} as admin`, send: () => ctx.sessions.admin.request(p), expect4xx: true });
  }
  for (const method of ["TRACE", "PROPFIND", "LOCK", "PURGE"]) {
    for (const p of ["/", "/billing", "/admin", "/api/health", "/api/auth/session", "/checkout/pro-month.js"]) {
      routeCases.push({ name: `route ${method} ${p}`, send: () => rawRequest(ctx.baseUrl, method, p), expect4xx: true });
    }
  }
  await runCases(routeCases, ctx.sql, result, ctx.quiesce, ctx.concurrency);
  log(`fuzz: ${webhookCount} webhook cases, ${actionCount} server-action cases, ${result.cases - webhookCount - actionCount} route cases; ${result.fiveHundreds} 5xx, ${result.stackTraces} stack traces, ${result.writes} writes; ${result.batchesSentAgain} batches sent again case by case`);
  return result;
}
