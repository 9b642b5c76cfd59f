// Decodes Stripe-style form bodies and query strings (`a[b][0][c]=v`, `expand[]=x`) into nested values.

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormDecodeError extends Error {}

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw new FormDecodeError(`Invalid percent-encoding in request body: ${raw.slice(0, 40)}`);
  }
}

/** Splits `items[0][price]` into ["items", "0", "price"]; `expand[]` gives ["expand", ""]. */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open === 0) throw new FormDecodeError(`Invalid parameter name: ${key}`);
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^\[\]]*)\]/g;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    if (m.index !== consumed) throw new FormDecodeError(`Invalid parameter name: ${key}`);
    parts.push(m[1] ?? "");
    consumed = m.index + m[0].length;
  }
  if (consumed !== rest.length) throw new FormDecodeError(`Invalid parameter name: ${key}`);
  return parts;
}

const MAX_DEPTH = 12;
const MAX_PAIRS = 5000;

export function decodeForm(body: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  if (!body) return root;
  const pairs = body.split("&");
  if (pairs.length > MAX_PAIRS) throw new FormDecodeError("Too many parameters.");
  for (const pair of pairs) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    if (!key) throw new FormDecodeError("Invalid parameter name: empty key.");
    const path = splitKey(key);
    if (path.length > MAX_DEPTH) throw new FormDecodeError(`Parameter nested too deeply: ${key}`);
    assign(root, path, value, key);
  }
  return normalizeArrays(root) as FormObject;
}

function assign(root: FormObject, path: string[], value: string, fullKey: string): void {
  let node: FormObject | FormValue[] = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] ?? "";
    const last = i === path.length - 1;
    if (seg === "__proto__" || seg === "constructor" || seg === "prototype") {
      throw new FormDecodeError(`Invalid parameter name: ${fullKey}`);
    }
    if (Array.isArray(node)) {
      // Only `[]` segments create arrays; they always append.
      if (last) {
        node.push(value);
        return;
      }
      const child: FormObject = Object.create(null) as FormObject;
      node.push(child);
      node = child;
      continue;
    }
    const nextSeg = path[i + 1];
    if (last) {
      if (seg === "") throw new FormDecodeError(`Invalid parameter name: ${fullKey}`);
      const existing = node[seg];
      if (existing !== undefined && typeof existing !== "string") {
        throw new FormDecodeError(`Invalid parameter: ${fullKey} is both a value and a hash.`);
      }
      node[seg] = value;
      return;
    }
    const existing: FormValue | undefined = node[seg];
    if (existing === undefined) {
      const child: FormObject | FormValue[] = nextSeg === "" ? [] : (Object.create(null) as FormObject);
      node[seg] = child;
      node = child;
    } else if (typeof existing === "string") {
      // `metadata=` followed by `metadata[k]=v`: the later, more specific form wins.
      if (existing !== "") throw new FormDecodeError(`Invalid parameter: ${fullKey} is both a value and a hash.`);
      const child: FormObject | FormValue[] = nextSeg === "" ? [] : (Object.create(null) as FormObject);
      node[seg] = child;
      node = child;
    } else if (Array.isArray(existing) !== (nextSeg === "")) {
      throw new FormDecodeError(`Invalid parameter: ${fullKey} mixes array and hash forms.`);
    } else {
      node = existing;
    }
  }
}

/** Objects whose keys are all integers (`items[0]`, `items[1]`) become arrays, ordered by index. */
function normalizeArrays(value: FormValue): FormValue {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(normalizeArrays);
  const keys = Object.keys(value);
  const out: FormObject = Object.create(null) as FormObject;
  for (const k of keys) out[k] = normalizeArrays(value[k] as FormValue);
  if (keys.length > 0 && keys.every((k) => /^\d{1,4}$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => out[String(k)] as FormValue);
  }
  return out;
}

/** Encodes nested values the way stripe-node does (used for the hosted pages' own requests and tests). */
export function encodeForm(value: Record<string, unknown>, prefix = ""): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (v !== null && typeof v === "object") {
      const inner = Array.isArray(v)
        ? encodeForm(Object.fromEntries(v.map((x, i) => [String(i), x])), key)
        : encodeForm(v as Record<string, unknown>, key);
      if (inner) parts.push(inner);
    } else {
      parts.push(`${encodeURIComponent(key).replace(/%5B/g, "[").replace(/%5D/g, "]")}=${encodeURIComponent(v === null ? "" : String(v))}`);
    }
  }
  return parts.join("&");
}
