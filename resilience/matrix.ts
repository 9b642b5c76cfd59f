// The authorization matrix: every page, route handler and server action found in app/ (resilience/access-map.ts)
// against six real sessions — anonymous, member, billing, owner, another tenant's owner, platform admin — over
// HTTP against a running instance. Server actions are called the way a browser calls them: a POST with the
// `Next-Action` id read from the build's server-reference manifest.
import { readFileSync } from "node:fs";
import path from "node:path";
import { readAccessMap, type Access } from "./access-map";
import { actionOutcome, HttpSession, type Reply } from "./http-client";

export type Persona = "anonymous" | "member" | "billing" | "owner" | "otherOwner" | "admin";
export const PERSONAS: Persona[] = ["anonymous", "member", "billing", "owner", "otherOwner", "admin"];

export type MatrixResult = { cells: number; failures: string[]; fiveHundreds: number; undeclared: string[] };

export type MatrixFixtures = {
  sessions: Record<Persona, HttpSession>;
  params: Record<string, string>;
};

type Verdict = "allowed" | "signin" | "notfound" | "refused";

function expected(access: Access, persona: Persona): Verdict {
  if (access.kind === "public") return "allowed";
  if (persona === "anonymous") return "signin";
  if (access.kind === "user") return "allowed";
  if (access.kind === "admin") return persona === "admin" ? "allowed" : "notfound";
  if (access.kind === "tenant") {
    if (persona === "admin") return "notfound";
    const role = persona === "otherOwner" ? "owner" : persona;
    return access.roles.includes(role) ? "allowed" : "notfound";
  }
  return "refused";
}

function fill(route: string, params: Record<string, string>): string {
  return route.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => params[name] ?? `missing-${name}`);
}

function isNotFound(reply: Reply): boolean {
  return reply.status === 404 || (reply.status === 200 && reply.body.includes("NEXT_HTTP_ERROR_FALLBACK;404"));
}

function isSignInRedirect(reply: Reply): boolean {
  return reply.status >= 300 && reply.status < 400 && /\/signin\b/.test(reply.location ?? "");
}

function pageVerdict(reply: Reply): Verdict | "error" {
  if (reply.status >= 500) return "error";
  if (isSignInRedirect(reply)) return "signin";
  if (isNotFound(reply)) return "notfound";
  if (reply.status === 200 || (reply.status >= 300 && reply.status < 400)) return "allowed";
  return "refused";
}

function routeVerdict(reply: Reply): Verdict | "error" {
  if (reply.status >= 500) return "error";
  if (isSignInRedirect(reply) || reply.status === 401) return "signin";
  if (reply.status === 404) return "notfound";
  return "allowed";
}

function actionVerdict(reply: Reply): Verdict | "error" {
  const outcome = actionOutcome(reply);
  if (outcome.startsWith("http_5")) return "error";
  if (outcome === "unauthenticated" || isSignInRedirect(reply)) return "signin";
  if (outcome === "not_found" || outcome === "http_404") return "notfound";
  if (outcome.startsWith("unknown")) return "refused";
  return "allowed";
}

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

/** Action id → where to POST it (a page that loads the action's module). */
export function readActionIds(root: string, params: Record<string, string>): Map<string, { id: string; page: string }> {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const out = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers)[0] ?? "";
    const route = `/${worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => s && !/^\(.*\)$/.test(s)).join("/")}`;
    out.set(`${entry.filename}#${entry.exportedName}`, { id, page: fill(route, params) });
  }
  return out;
}

/** Arguments that authorise but cannot pass validation: the matrix tests who gets in, never changes anything. */
function probeArgs(source: string, name: string): unknown[] {
  return new RegExp(`function\\s+${name}\\s*\\(\\s*_?previous`).test(source) ? [null, {}] : [{}];
}

export async function runMatrix(root: string, fixtures: MatrixFixtures, log: (line: string) => void): Promise<MatrixResult> {
  const map = readAccessMap(root);
  const result: MatrixResult = { cells: 0, failures: [], fiveHundreds: 0, undeclared: [] };
  const check = (what: string, access: Access, persona: Persona, got: Verdict | "error", detail: string) => {
    result.cells += 1;
    if (got === "error") result.fiveHundreds += 1;
    const want = expected(access, persona);
    if (process.argv.includes("--verbose")) log(`  ${what} as ${persona}: want ${want}, got ${got} (${detail})`);
    if (got !== want) result.failures.push(`${what} as ${persona}: expected ${want}, got ${got} (${detail})`);
  };
  for (const entry of [...map.pages, ...map.routes, ...map.actions]) {
    if (entry.access.kind === "undeclared") result.undeclared.push(`${entry.file}${"name" in entry ? `#${entry.name}` : ""}: ${entry.access.why}`);
  }

  for (const page of map.pages) {
    if (page.access.kind === "undeclared") continue;
    const url = fill(page.route, fixtures.params);
    for (const persona of PERSONAS) {
      const reply = await fixtures.sessions[persona].request(url);
      check(`page ${url}`, page.access, persona, pageVerdict(reply), `${reply.status} ${reply.location ?? ""}`);
    }
  }

  for (const route of map.routes) {
    if (route.access.kind === "undeclared") continue;
    const url = fill(route.route, { ...fixtures.params, nextauth: "session" });
    for (const method of route.methods) {
      for (const persona of PERSONAS) {
        const reply = await fixtures.sessions[persona].request(url, method === "GET" ? {} : { method, headers: { "content-type": "application/json" }, body: "{}" });
        check(`route ${method} ${url}`, route.access, persona, routeVerdict(reply), String(reply.status));
      }
    }
  }

  const ids = readActionIds(root, fixtures.params);
  for (const action of map.actions) {
    if (action.access.kind === "undeclared") continue;
    const target = ids.get(`${action.file}#${action.name}`);
    if (!target) {
      result.failures.push(`action ${action.file}#${action.name}: not in the build's server-reference manifest (stale build?)`);
      continue;
    }
    const args = probeArgs(readFileSync(path.join(root, action.file), "utf8"), action.name);
    for (const persona of PERSONAS) {
      const reply = await fixtures.sessions[persona].callAction(target.page, target.id, args);
      check(`action ${action.name}`, action.access, persona, actionVerdict(reply), `${reply.status} ${actionOutcome(reply)}`);
    }
  }
  log(`matrix: ${map.pages.length} pages, ${map.routes.length} route handlers, ${map.actions.length} server actions × ${PERSONAS.length} personas = ${result.cells} cells, ${result.failures.length} wrong`);
  return result;
}
