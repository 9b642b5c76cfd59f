// Hostile requests the proxy refuses before Next sees them, each of which Next (or PostgreSQL behind a page)
// would otherwise answer with a 500: so junk from a client is the client's error, with a 4xx, and nothing runs.
// - a method Next does not route (TRACE, CONNECT, made-up ones): 405;
// - a NUL byte in the URL (PostgreSQL refuses it in any text column: search boxes, filters, exports): 400;
// - a server action call (a POST with `Next-Action`) from another origin: 403;
// - an action body over MAX_ACTION_BODY_BYTES: 413 (Next's own limit answers a 500);
// - an action body React cannot decode: not JSON or not an array, nested deeper than MAX_ACTION_DEPTH, a
//   reference to a part the body does not hold (`["$Q1"]`, `["$F1"]`, `["$B1"]`), broken multipart, or a NUL
//   byte in any value (a name with a NUL would reach PostgreSQL): 400.

import { ACTION_REFUSALS } from "@/lib/format/action-refusals";
import { readCappedBody } from "./read-capped-body";

const MAX_ACTION_BODY_BYTES = 1024 * 1024;
const MAX_ACTION_DEPTH = 32;
export const ROUTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export type Refusal = { status: 400 | 403 | 405 | 413; error: string };

/** Why the proxy refuses this request, or null to let it through. */
export async function refuseHostileRequest(request: Request): Promise<Refusal | null> {
  if (!(ROUTED_METHODS as readonly string[]).includes(request.method)) return { status: 405, error: "Method not allowed" };
  if (/%00|\u0000/.test(request.url)) return { status: 400, error: "Malformed request" };
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  if (!isSameOrigin(request)) return { status: 403, error: ACTION_REFUSALS.crossOrigin };
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_ACTION_BODY_BYTES) return { status: 413, error: ACTION_REFUSALS.tooLarge };
  const type = request.headers.get("content-type") ?? "";
  const malformed = type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")
    ? await isMalformedForm(request)
    : await isMalformedText(request);
  if (malformed === "too large") return { status: 413, error: ACTION_REFUSALS.tooLarge };
  return malformed ? { status: 400, error: ACTION_REFUSALS.malformed } : null;
}

/** Next's own rule: the Origin's host must be the host the request was sent to (the proxy's, when forwarded). */
function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || new URL(request.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The body as text from a clone (Next reads the original), or "too large" past MAX_ACTION_BODY_BYTES. */
async function readText(request: Request): Promise<string | "too large"> {
  return (await readCappedBody(request.clone(), MAX_ACTION_BODY_BYTES)) ?? "too large";
}

async function isMalformedText(request: Request): Promise<boolean | "too large"> {
  const text = await readText(request);
  if (text === "too large") return text;
  return !isDecodableModel(text, () => false, true);
}

async function isMalformedForm(request: Request): Promise<boolean | "too large"> {
  const text = await readText(request);
  if (text === "too large") return text;
  if (text.includes("\u0000")) return true;
  let form: FormData;
  try {
    form = await new Request(request.url, { method: "POST", headers: request.headers, body: text }).formData();
  } catch {
    return true;
  }
  const keys = [...form.keys()];
  const has = (id: string) => form.has(id) || keys.some((key) => key.startsWith(`${id}_`));
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && value.includes("\u0000")) return true;
    // React's encoded arguments are the numbered parts ("0", "1", …): JSON that may reference one another.
    if (/^\d+$/.test(key) && typeof value === "string" && !isDecodableModel(value, has, key === "0")) return true;
  }
  return false;
}

// `$`-strings React decodes without another part: escapes, dates, numbers, undefined and empty FormData.
const SELF_CONTAINED = /^\$(?:\$|D|I|N|u|H|-|K)/;

/**
 * A React reply part: JSON, an array at the root, nested at most MAX_ACTION_DEPTH deep (React's decoder
 * recurses), with no NUL, and every `$` reference naming a part the body holds.
 */
function isDecodableModel(text: string, hasPart: (id: string) => boolean, root: boolean): boolean {
  if (text.includes("\u0000") || /\\u0000/i.test(text) || nestingDepth(text) > MAX_ACTION_DEPTH) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (root && !Array.isArray(value)) return false;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string" && item.startsWith("$") && !SELF_CONTAINED.test(item)) {
      const bigint = /^\$n-?\d+$/.test(item);
      const id = /^\$[A-Za-z@]?([0-9a-f]+)(?::.*)?$/.exec(item)?.[1];
      if (!bigint && (id === undefined || !hasPart(String(parseInt(id, 16))))) return false;
    } else if (item && typeof item === "object") {
      pending.push(...Object.values(item));
    }
  }
  return true;
}

/** The deepest nesting of arrays and objects in JSON text, counted without parsing (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth -= 1;
  }
  return max;
}
