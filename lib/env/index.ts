import "server-only";
import { parseEnv } from "./schema.js";

export type Env = ReturnType<typeof parseEnv>;

let cached: Env | undefined;

// Validated on first use rather than at import, so `next build` can load modules without a full environment.
export function getEnv(): Env {
  cached ??= parseEnv(process.env, { runtime: process.env.NEXT_PHASE !== "phase-production-build" });
  return cached;
}
