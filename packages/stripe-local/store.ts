// In-memory state of the emulator: every object by id, ordering for lists, simulated time per test clock,
// and an optional JSON snapshot so a restart keeps everything.

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { AnyObject, ObjectName, ObjectOf } from "./types";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return out;
}

export const newId = (prefix: string) => `${prefix}_${randomToken(24)}`;

interface SnapshotData {
  version: 1;
  seq: number;
  objects: AnyObject[];
}

export class Store {
  private objects = new Map<string, AnyObject>();
  /** Per-type index so lists and event fan-out do not scan every object. */
  private byType = new Map<string, Map<string, AnyObject>>();
  private seq = 0;
  private dirty = false;
  private flushTimer: NodeJS.Timeout | undefined;

  private closed = false;

  constructor(
    private readonly snapshotFile?: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    if (snapshotFile && existsSync(snapshotFile)) {
      let data: SnapshotData;
      try {
        data = JSON.parse(readFileSync(snapshotFile, "utf8")) as SnapshotData;
      } catch (err) {
        throw new Error(`stripe-local: cannot read snapshot ${snapshotFile} (${String(err)}); delete it to start empty`);
      }
      this.seq = data.seq;
      for (const o of data.objects) this.index(o);
    }
  }

  /** Unix seconds; objects of a customer on a test clock live at the clock's frozen time. */
  now(clockId?: string | null): number {
    if (clockId) {
      const clock = this.get("test_helpers.test_clock", clockId);
      if (clock) return clock.frozen_time;
    }
    return Math.floor(Date.now() / 1000);
  }

  private index(obj: AnyObject): void {
    this.objects.set(obj.id, obj);
    let typed = this.byType.get(obj.object);
    if (!typed) {
      typed = new Map();
      this.byType.set(obj.object, typed);
    }
    typed.set(obj.id, obj);
  }

  insert<T extends AnyObject>(obj: T): T {
    obj._seq = ++this.seq;
    this.index(obj);
    this.dirty = true;
    return obj;
  }

  /** Marks state changed (objects are mutated in place). */
  touch(): void {
    this.dirty = true;
  }

  delete(id: string): void {
    const obj = this.objects.get(id);
    if (obj) this.byType.get(obj.object)?.delete(id);
    this.objects.delete(id);
    this.dirty = true;
  }

  get<N extends ObjectName>(type: N, id: string): ObjectOf<N> | undefined {
    const o = this.objects.get(id);
    return o && o.object === type ? (o as ObjectOf<N>) : undefined;
  }

  getAny(id: string): AnyObject | undefined {
    return this.objects.get(id);
  }

  /** Newest first, as Stripe lists them. */
  all<N extends ObjectName>(type: N, filter?: (o: ObjectOf<N>) => boolean): ObjectOf<N>[] {
    const out: ObjectOf<N>[] = [];
    for (const o of this.byType.get(type)?.values() ?? []) {
      if (!filter || filter(o as ObjectOf<N>)) out.push(o as ObjectOf<N>);
    }
    return out.sort((a, b) => (b._seq ?? 0) - (a._seq ?? 0));
  }

  reset(): void {
    this.objects.clear();
    this.byType.clear();
    this.seq = 0;
    this.dirty = true;
    this.flush();
  }

  /** Writes the snapshot soon (coalescing bursts of requests); `flush` writes now. */
  persist(): void {
    if (!this.snapshotFile || !this.dirty || this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 200);
    this.flushTimer.unref();
  }

  flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (!this.snapshotFile || !this.dirty || this.closed) return;
    this.dirty = false;
    const data: SnapshotData = { version: 1, seq: this.seq, objects: [...this.objects.values()] };
    const tmp = `${this.snapshotFile}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, this.snapshotFile);
    } catch (err) {
      // A full disk or a removed folder must not take the emulator down; the next change retries.
      this.dirty = true;
      this.log(`stripe-local: cannot write snapshot ${this.snapshotFile}: ${String(err)}`);
    }
  }

  /** Final write; nothing is written after this (late timers of a stopped emulator). */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
