// Typed readers over decoded form params, and the per-route schema that turns unknown keys into
// `parameter_unknown` and wrong shapes into 400s before any handler runs.

import { parameterInvalid, parameterMissing, parameterUnknown } from "./errors";
import type { FormObject, FormValue } from "./form-encoding";

/** `true`: a scalar; `"any"`: anything (metadata); an object: known keys; a one-element array: a list of that. */
export type ParamSpec = true | "any" | "hash" | { readonly [key: string]: ParamSpec } | readonly [ParamSpec];

const isListSpec = (spec: ParamSpec): spec is readonly [ParamSpec] => Array.isArray(spec);

export function validateParams(value: FormValue, spec: ParamSpec, path: string): void {
  if (spec === "any") return;
  if (spec === "hash") {
    if (typeof value === "string") {
      if (value !== "") throw parameterInvalid(path, `Invalid hash for ${path}.`, "parameter_invalid_hash");
      return;
    }
    if (Array.isArray(value)) throw parameterInvalid(path, `Invalid hash for ${path}.`, "parameter_invalid_hash");
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string") throw parameterInvalid(`${path}[${k}]`, `Invalid string: ${path}[${k}] must be a string.`);
    }
    return;
  }
  if (spec === true) {
    if (typeof value !== "string") throw parameterInvalid(path, `Invalid string: ${path} must be a string, not a hash or array.`);
    return;
  }
  if (isListSpec(spec)) {
    const inner = spec[0];
    if (typeof value === "string") {
      if (value === "") return; // `items=` clears a list
      throw parameterInvalid(path, `Invalid array: ${path} must be an array.`, "parameter_invalid_array");
    }
    const items = Array.isArray(value) ? value : Object.values(value);
    items.forEach((item, i) => validateParams(item, inner, `${path}[${i}]`));
    return;
  }
  if (typeof value === "string") {
    if (value === "") return; // `null` from the SDK clears a hash
    throw parameterInvalid(path, `Invalid object: ${path} must be a hash.`, "parameter_invalid_hash");
  }
  if (Array.isArray(value)) throw parameterInvalid(path, `Invalid object: ${path} must be a hash.`, "parameter_invalid_hash");
  for (const [k, v] of Object.entries(value)) {
    const child = spec[k];
    const childPath = path ? `${path}[${k}]` : k;
    if (child === undefined) throw parameterUnknown(childPath);
    validateParams(v, child, childPath);
  }
}

/** Read-only view over one request's params. */
export class Params {
  constructor(readonly raw: FormObject) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw parameterInvalid(name, `Invalid string: ${name}`);
    return v;
  }

  /** A string that must be present and non-empty. */
  reqStr(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === "") throw parameterMissing(name);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined || v === "") return undefined;
    if (!/^-?\d{1,15}$/.test(v)) throw parameterInvalid(name, `Invalid integer: ${v}`, "parameter_invalid_integer");
    return Number(v);
  }

  reqInt(name: string): number {
    const v = this.int(name);
    if (v === undefined) throw parameterMissing(name);
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined || v === "") return undefined;
    if (v !== "true" && v !== "false") throw parameterInvalid(name, `Invalid boolean: ${v}`, "parameter_invalid_boolean");
    return v === "true";
  }

  obj(name: string): Params | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") return undefined;
    if (typeof v === "string" || Array.isArray(v)) throw parameterInvalid(name, `Invalid object: ${name}`, "parameter_invalid_hash");
    return new Params(v);
  }

  list(name: string): Params[] {
    const v = this.raw[name];
    if (v === undefined || v === "") return [];
    const items = Array.isArray(v) ? v : typeof v === "string" ? [v] : Object.values(v);
    return items.map((item, i) => {
      if (typeof item === "string") throw parameterInvalid(`${name}[${i}]`, `Invalid object: ${name}[${i}]`, "parameter_invalid_hash");
      if (Array.isArray(item)) throw parameterInvalid(`${name}[${i}]`, `Invalid object: ${name}[${i}]`, "parameter_invalid_hash");
      return new Params(item);
    });
  }

  strList(name: string): string[] {
    const v = this.raw[name];
    if (v === undefined || v === "") return [];
    if (typeof v === "string") return [v];
    const items = Array.isArray(v) ? v : Object.values(v);
    return items.map((item, i) => {
      if (typeof item !== "string") throw parameterInvalid(`${name}[${i}]`, `Invalid string: ${name}[${i}]`);
      return item;
    });
  }

  /** `metadata` as a patch: `null` values delete keys, `metadata=` clears everything. */
  metadataPatch(name = "metadata"): { clear: boolean; set: Record<string, string | null> } | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    if (v === "") return { clear: true, set: {} };
    if (typeof v === "string" || Array.isArray(v)) throw parameterInvalid(name, `Invalid hash: ${name}`, "parameter_invalid_hash");
    const set: Record<string, string | null> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== "string") throw parameterInvalid(`${name}[${k}]`, `Invalid string: ${name}[${k}]`);
      set[k] = val === "" ? null : val;
    }
    return { clear: false, set };
  }
}

export function applyMetadata(current: Record<string, string>, patch: ReturnType<Params["metadataPatch"]>): Record<string, string> {
  if (!patch) return current;
  const next: Record<string, string> = patch.clear ? {} : { ...current };
  for (const [k, v] of Object.entries(patch.set)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** Timestamps may come as integers or `now` (trial_end, proration_date). */
export function readTimestamp(p: Params, name: string, now: number): number | "now" | undefined {
  const v = p.str(name);
  if (v === undefined || v === "") return undefined;
  if (v === "now") return "now";
  if (!/^\d{1,12}$/.test(v)) throw parameterInvalid(name, `Invalid timestamp: ${v}`, "parameter_invalid_integer");
  void now;
  return Number(v);
}

/** `automatic_tax[enabled]` (subscriptions, Checkout Sessions, invoice previews), when given. */
export function readAutomaticTax(p: Params): boolean | undefined {
  return p.obj("automatic_tax")?.bool("enabled");
}
