// Idempotent POSTs (spec §5): the first response is saved (402/500 included) and replayed for the same key
// and parameters; different parameters → 400 idempotency_error; a key still executing → 409.

import { createHash } from "node:crypto";
import { idempotencyInUse, idempotencyMismatch, invalidRequest, type StripeLocalError } from "./errors";

interface Entry {
  fingerprint: string;
  status: number | null;
  body: string | null;
  requestId: string;
  savedAt: number;
}

const TTL_MS = 24 * 3600 * 1000;

export class IdempotencyCache {
  private entries = new Map<string, Entry>();

  static fingerprint(method: string, path: string, body: string): string {
    return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
  }

  /** `replay` with the saved response, `run` to execute, or an error to send. */
  begin(scope: string, key: string, fingerprint: string, requestId: string): { kind: "run" } | { kind: "replay"; status: number; body: string; requestId: string } | { kind: "error"; error: StripeLocalError } {
    if (key.length > 255) return { kind: "error", error: invalidRequest("Idempotency-Key is too long (maximum 255 characters).", { param: "Idempotency-Key" }) };
    this.expire();
    const id = `${scope}\u0000${key}`;
    const e = this.entries.get(id);
    if (!e) {
      this.entries.set(id, { fingerprint, status: null, body: null, requestId, savedAt: Date.now() });
      return { kind: "run" };
    }
    if (e.fingerprint !== fingerprint) return { kind: "error", error: idempotencyMismatch(key) };
    if (e.status === null || e.body === null) return { kind: "error", error: idempotencyInUse(key) };
    return { kind: "replay", status: e.status, body: e.body, requestId: e.requestId };
  }

  finish(scope: string, key: string, status: number, body: string, save: boolean): void {
    const id = `${scope}\u0000${key}`;
    const e = this.entries.get(id);
    if (!e) return;
    if (!save) {
      this.entries.delete(id);
      return;
    }
    e.status = status;
    e.body = body;
    e.savedAt = Date.now();
  }

  clear(): void {
    this.entries.clear();
  }

  private expire(): void {
    const cutoff = Date.now() - TTL_MS;
    for (const [k, e] of this.entries) if (e.savedAt < cutoff && e.status !== null) this.entries.delete(k);
  }
}
