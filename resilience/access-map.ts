// Reads every page, route handler and server action out of app/ and says who may use each. The expectation is
// declared once, beside the code: the guard a page or route calls (`requireAdmin()`, `requireTenantRole([…])`,
// `requireUser()`, `withAdmin`, `withTenant([…])`, `withUser`), the factory an action is built with
// (`adminAction`, `tenantAction([…])`, `userAction`, `publicAction`), or — for deliberately public pages and
// routes — an `@access public` comment in the file. Anything else is "undeclared" and fails the suite, so a new
// page cannot ship without saying who it is for.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Role = "owner" | "billing" | "member";
export type Access =
  | { kind: "public" }
  | { kind: "user" }
  | { kind: "admin" }
  | { kind: "tenant"; roles: Role[] }
  | { kind: "undeclared"; why: string };

export type PageEntry = { file: string; route: string; access: Access };
export type RouteEntry = { file: string; route: string; methods: string[]; access: Access };
export type ActionEntry = { file: string; name: string; access: Access };

const ALL_ROLES: Role[] = ["owner", "billing", "member"];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** app/(billing)/checkout/[plan]/page.tsx → /checkout/[plan] */
function routeOf(appDir: string, file: string): string {
  const segments = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** Role names of a `[...]` literal, or of a const in the same file that holds one; TENANT_ROLES means all. */
function rolesOf(expression: string, source: string): Role[] | null {
  const trimmed = expression.trim();
  if (trimmed === "" || trimmed === "TENANT_ROLES") return ALL_ROLES;
  const literal = /^\[([^\]]*)\]/.exec(trimmed);
  if (literal) {
    const roles = [...(literal[1] ?? "").matchAll(/"(owner|billing|member)"/g)].map((m) => m[1] as Role);
    return roles.length > 0 ? roles : null;
  }
  const name = /^([A-Za-z_$][\w$]*)$/.exec(trimmed)?.[1];
  if (name) {
    const definition = new RegExp(`const\\s+${name}\\s*(?::[^=]+)?=\\s*(\\[[^\\]]*\\])`).exec(source);
    if (definition?.[1]) return rolesOf(definition[1], source);
  }
  return null;
}

function firstArgument(source: string, callee: string): string | null {
  const match = new RegExp(`\\b${callee}\\s*(?:<[^>]*>)?\\(`).exec(source);
  if (!match) return null;
  let depth = 0;
  const start = match.index + match[0].length;
  for (let i = start; i < source.length; i += 1) {
    const c = source[i];
    if (c === "(" || c === "[" || c === "{") depth += 1;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return source.slice(start, i);
      depth -= 1;
    } else if (c === "," && depth === 0) return source.slice(start, i);
  }
  return null;
}

function pageAccess(source: string): Access {
  if (/\brequireAdmin\s*\(/.test(source)) return { kind: "admin" };
  const tenant = firstArgument(source, "requireTenantRole");
  if (tenant !== null) {
    const roles = rolesOf(tenant, source);
    return roles ? { kind: "tenant", roles } : { kind: "undeclared", why: `requireTenantRole(${tenant}) names no roles this test can read` };
  }
  if (/\brequireUser\s*\(/.test(source)) return { kind: "user" };
  if (/@access public\b/.test(source)) return { kind: "public" };
  return { kind: "undeclared", why: "calls no guard and has no `@access public` comment" };
}

function routeAccess(source: string): Access {
  if (/\bwithAdmin\s*\(/.test(source)) return { kind: "admin" };
  const tenant = firstArgument(source, "withTenant");
  if (tenant !== null) {
    const roles = rolesOf(tenant, source);
    return roles ? { kind: "tenant", roles } : { kind: "undeclared", why: `withTenant(${tenant}) names no roles this test can read` };
  }
  if (/\bwithUser\s*\(/.test(source)) return { kind: "user" };
  if (/@access public\b/.test(source)) return { kind: "public" };
  return { kind: "undeclared", why: "uses no withAdmin/withTenant/withUser and has no `@access public` comment" };
}

function factoryAccess(initializer: string, source: string): Access | null {
  // billingAction("operation", roles, …) is a tenantAction with a rate limit: its roles are the second argument.
  const trimmed = initializer.trim().replace(/^billingAction\s*\(\s*"[^"]*"\s*,/, "tenantAction(");
  if (/^adminAction\s*\(/.test(trimmed)) return { kind: "admin" };
  if (/^userAction\s*\(/.test(trimmed)) return { kind: "user" };
  if (/^publicAction\s*\(/.test(trimmed)) return { kind: "public" };
  if (/^tenantAction\s*\(/.test(trimmed)) {
    const roles = rolesOf(firstArgument(trimmed, "tenantAction") ?? "", source);
    return roles ? { kind: "tenant", roles } : { kind: "undeclared", why: "tenantAction with roles this test cannot read" };
  }
  return null;
}

/** Exported server actions: `export const x = <factory>(…)`, or `export async function x(…)` delegating to one. */
function actionsOf(file: string, source: string): ActionEntry[] {
  const consts = new Map<string, string>();
  for (const m of source.matchAll(/(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(?=([\s\S]{0,80}))/g)) {
    if (m[1] && m[2]) consts.set(m[1], m[2]);
  }
  const entries: ActionEntry[] = [];
  for (const m of source.matchAll(/export\s+const\s+([A-Za-z_$][\w$]*)\s*=/g)) {
    const name = m[1] as string;
    const access = factoryAccess(consts.get(name) ?? "", source);
    entries.push({ file, name, access: access ?? { kind: "undeclared", why: "not built with an action factory" } });
  }
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Za-z_$][\w$]*)\s*\(([\s\S]*?)\n\}/g)) {
    const name = m[1] as string;
    const body = m[2] ?? "";
    let access: Access = { kind: "undeclared", why: "an exported function that calls no guarded action" };
    for (const call of body.matchAll(/\b([A-Za-z_$][\w$]*)\s*\(/g)) {
      const target = consts.get(call[1] ?? "");
      const resolved = target ? factoryAccess(target, source) : null;
      if (resolved) {
        access = resolved;
        break;
      }
    }
    entries.push({ file, name, access });
  }
  return entries;
}

export type AccessMap = { pages: PageEntry[]; routes: RouteEntry[]; actions: ActionEntry[] };

export function readAccessMap(root: string): AccessMap {
  const appDir = path.join(root, "app");
  const files = walk(appDir);
  const rel = (file: string) => path.relative(root, file);
  const layoutsAbove = (file: string): string[] => {
    const out: string[] = [];
    for (let dir = path.dirname(file); dir.startsWith(appDir); dir = path.dirname(dir)) {
      const layout = path.join(dir, "layout.tsx");
      if (files.includes(layout)) out.push(readFileSync(layout, "utf8"));
    }
    return out;
  };
  const pages = files
    .filter((f) => path.basename(f) === "page.tsx")
    .map((file) => {
      let access = pageAccess(readFileSync(file, "utf8"));
      // A guarded layout (the admin console's) covers the pages below it only if they also declare nothing else.
      if (access.kind === "undeclared") {
        for (const layout of layoutsAbove(file)) {
          const fromLayout = pageAccess(layout);
          if (fromLayout.kind !== "undeclared" && fromLayout.kind !== "public") access = fromLayout;
        }
      }
      return { file: rel(file), route: routeOf(appDir, file), access };
    });
  const routes = files
    .filter((f) => path.basename(f) === "route.ts")
    .map((file) => {
      const source = readFileSync(file, "utf8");
      const methods = [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b|export\s*\{([^}]*)\}/g)]
        .flatMap((m) => (m[1] ? [m[1]] : [...(m[2] ?? "").matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((x) => x[1] as string)));
      return { file: rel(file), route: routeOf(appDir, file), methods, access: routeAccess(source) };
    });
  const actions = files
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .filter((f) => /^\s*(?:\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(f, "utf8")))
    .flatMap((file) => actionsOf(rel(file), readFileSync(file, "utf8")));
  return { pages, routes, actions };
}
