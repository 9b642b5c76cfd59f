// Route table: method + path pattern → handler, with the route's parameter schema checked first.

import type { Ctx } from "./context";
import { invalidRequest } from "./errors";
import type { FormObject } from "./form-encoding";
import { Params, validateParams, type ParamSpec } from "./params";
import { expand, render, type JsonObject } from "./render";
import type { AnyObject, Base } from "./types";
import { createdFilter, paginate } from "./pagination";

export type Method = "GET" | "POST" | "DELETE";

export interface HandlerCtx extends Ctx {
  p: Params;
  path: Record<string, string>;
  expand: string[];
  /** Authenticated with a publishable key plus client secret (Stripe.js routes). */
  publishable: boolean;
}

export interface Route {
  method: Method;
  path: string;
  params: { readonly [key: string]: ParamSpec };
  /** Reachable with `key=pk_test_…` + `client_secret` (Stripe.js). */
  client?: boolean;
  handler: (c: HandlerCtx) => JsonObject;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class Router {
  private routes: CompiledRoute[] = [];

  add(routes: Route[]): void {
    for (const r of routes) {
      const names: string[] = [];
      const pattern = r.path.replace(/[.]/g, "\\.").replace(/:(\w+)/g, (_m, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      this.routes.push({ ...r, regex: new RegExp(`^${pattern}$`), names });
    }
    // Literal paths (`/v1/invoices/create_preview`) win over patterns (`/v1/invoices/:id`).
    this.routes.sort((a, b) => a.names.length - b.names.length);
  }

  all(): Route[] {
    return this.routes;
  }

  /** The route, or whether the path exists under another method (for a 405-style answer). */
  match(method: string, pathname: string): { route: CompiledRoute; path: Record<string, string> } | { pathExists: boolean } {
    let pathExists = false;
    for (const r of this.routes) {
      const m = r.regex.exec(pathname);
      if (!m) continue;
      pathExists = true;
      if (r.method !== method) continue;
      const path: Record<string, string> = {};
      r.names.forEach((n, i) => {
        const raw = m[i + 1] ?? "";
        try {
          path[n] = decodeURIComponent(raw);
        } catch {
          throw invalidRequest(`Invalid percent-encoding in the request URL: ${raw.slice(0, 40)}`);
        }
      });
      return { route: r, path };
    }
    return { pathExists };
  }
}

const COMMON: { [key: string]: ParamSpec } = { expand: [true] };

export function checkParams(route: Route, raw: FormObject): void {
  validateParams(raw, { ...COMMON, ...route.params }, "");
}

export function readExpand(p: Params): string[] {
  return p.strList("expand");
}

/** Renders a stored object with the request's `expand[]`. */
export function out(c: HandlerCtx, obj: AnyObject): JsonObject {
  return expand(c.emu.store, render(obj), c.expand);
}

export function outList<T extends Base & AnyObject>(c: HandlerCtx, items: T[], url: string): JsonObject {
  const created = createdFilter(c.p);
  const page = paginate(
    items.filter((o) => !("created" in o) || typeof o.created !== "number" || created(o.created)),
    c.p,
    url,
  );
  return expand(c.emu.store, render(page), c.expand);
}

export function deleted(id: string, object: string): JsonObject {
  return { id, object, deleted: true };
}

export function ensure(cond: boolean, message: string, param?: string): void {
  if (!cond) throw invalidRequest(message, param ? { param } : {});
}
