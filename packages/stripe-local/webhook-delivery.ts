// Delivers events to the forward target (like `stripe listen --forward-to`) and to webhook endpoints:
// one at a time per endpoint in creation order, signed at send time, retried on a schedule; a seeded chaos
// mode duplicates, delays, reorders and spreads deliveries across several URLs.

import { renderEventForVersion } from "./api-versions";
import { createPrng } from "./prng";
import type { JsonObject } from "./render";
import type { Store } from "./store";
import type { StripeEvent } from "./types";
import { signPayload } from "./webhook-signature";

export interface ChaosOptions {
  seed: number;
  duplicateRate?: number;
  maxDelayMs?: number;
  reorderWindow?: number;
  targets?: string[];
}

export interface DeliveryRecord {
  id: number;
  event: string;
  type: string;
  endpoint: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  duplicate: boolean;
  at: string;
}

interface QueueItem {
  eventId: string;
  attempt: number;
  notBefore: number;
}

interface Target {
  id: string;
  url: () => string | undefined;
  secret: () => string;
  accepts: (type: string) => boolean;
  /** The API version this target receives events in. */
  version: () => string;
  queue: QueueItem[];
  busy: boolean;
  delivered: Set<string>;
}

export const FORWARD_ENDPOINT = "forward";

export class WebhookDelivery {
  forwardUrl: string | undefined;
  forwardSecret: string;
  retrySchedule: number[];
  private chaos: ChaosOptions | undefined;
  private random: () => number = Math.random;
  private targets = new Map<string, Target>();
  private timers = new Set<NodeJS.Timeout>();
  private log: DeliveryRecord[] = [];
  private nextLogId = 1;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  /** Queue without sending (replay a chaos run: pause, act, resume). */
  private paused = false;

  constructor(
    private readonly store: Store,
    opts: { url?: string; secret: string; retrySchedule: number[]; chaos?: ChaosOptions },
    private readonly logLine: (line: string) => void,
    /** The account's default API version (endpoints without one; the forward target, like `stripe listen`). */
    private readonly accountVersion: () => string = () => "",
  ) {
    this.forwardUrl = opts.url;
    this.forwardSecret = opts.secret;
    this.retrySchedule = opts.retrySchedule;
    this.setChaos(opts.chaos);
  }

  setChaos(chaos: ChaosOptions | undefined): void {
    this.chaos = chaos;
    this.random = chaos ? createPrng(chaos.seed) : Math.random;
  }

  getChaos(): ChaosOptions | undefined {
    return this.chaos;
  }

  isPaused(): boolean {
    return this.paused;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) for (const t of this.targets.values()) this.pump(t);
  }

  private target(id: string): Target | undefined {
    const existing = this.targets.get(id);
    if (existing) return existing;
    let t: Target | undefined;
    if (id === FORWARD_ENDPOINT) {
      t = {
        id,
        url: () => {
          const spread = this.chaos?.targets;
          if (spread && spread.length > 0) return spread[Math.floor(this.random() * spread.length)];
          return this.forwardUrl;
        },
        secret: () => this.forwardSecret,
        accepts: () => Boolean(this.forwardUrl || this.chaos?.targets?.length),
        version: () => this.accountVersion(),
        queue: [],
        busy: false,
        delivered: new Set(),
      };
    } else {
      if (!this.store.get("webhook_endpoint", id)) return undefined;
      t = {
        id,
        url: () => this.store.get("webhook_endpoint", id)?.url,
        secret: () => this.store.get("webhook_endpoint", id)?._secret ?? "",
        accepts: (type) => {
          const we = this.store.get("webhook_endpoint", id);
          return Boolean(we && we.status === "enabled" && (we.enabled_events.includes("*") || we.enabled_events.includes(type)));
        },
        version: () => this.store.get("webhook_endpoint", id)?.api_version ?? this.accountVersion(),
        queue: [],
        busy: false,
        delivered: new Set(),
      };
    }
    this.targets.set(id, t);
    return t;
  }

  private endpointIds(): string[] {
    return [FORWARD_ENDPOINT, ...this.store.all("webhook_endpoint").reverse().map((w) => w.id)];
  }

  enqueue(event: StripeEvent): void {
    for (const id of this.endpointIds()) {
      const t = this.target(id);
      if (!t || !t.accepts(event.type)) continue;
      event.pending_webhooks++;
      t.queue.push({ eventId: event.id, attempt: 1, notBefore: 0 });
      this.pump(t);
    }
  }

  /** Sends an event again to every endpoint that would receive it (manual resend). */
  resend(event: StripeEvent): number {
    let n = 0;
    for (const id of this.endpointIds()) {
      const t = this.target(id);
      if (!t || !t.accepts(event.type)) continue;
      if (t.delivered.has(event.id)) {
        t.delivered.delete(event.id);
        event.pending_webhooks++;
      }
      t.queue.push({ eventId: event.id, attempt: 1, notBefore: 0 });
      this.pump(t);
      n++;
    }
    return n;
  }

  deliveries(): DeliveryRecord[] {
    return this.log.slice();
  }

  /** True while anything is queued, in flight or waiting for a retry. */
  busy(): boolean {
    if (this.paused) return false;
    for (const t of this.targets.values()) if (t.busy || t.queue.length > 0) return true;
    return false;
  }

  waitForIdle(timeoutMs = 10_000): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("stripe-local: webhook deliveries still pending")), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private checkIdle(): void {
    if (this.busy()) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.targets.clear();
    this.log = [];
    this.checkIdle();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private pick(t: Target): QueueItem | undefined {
    const now = Date.now();
    const ready: number[] = [];
    t.queue.forEach((item, i) => {
      if (item.notBefore <= now) ready.push(i);
    });
    if (ready.length === 0) return undefined;
    const window = Math.max(1, Math.min(this.chaos?.reorderWindow ?? 1, ready.length));
    const idx = ready[Math.floor(this.random() * window)] ?? ready[0] ?? 0;
    return t.queue.splice(idx, 1)[0];
  }

  private pump(t: Target): void {
    if (t.busy || this.stopped || this.paused) return;
    const item = this.pick(t);
    if (!item) {
      const next = Math.min(...t.queue.map((q) => q.notBefore));
      if (Number.isFinite(next)) this.later(Math.max(0, next - Date.now()), () => this.pump(t));
      this.checkIdle();
      return;
    }
    t.busy = true;
    const delay = this.chaos?.maxDelayMs ? Math.floor(this.random() * this.chaos.maxDelayMs) : 0;
    const run = async () => {
      const ok = await this.send(t, item, false);
      if (ok && this.chaos?.duplicateRate && this.random() < this.chaos.duplicateRate) await this.send(t, item, true);
      t.busy = false;
      if (!this.stopped) this.pump(t);
    };
    if (delay > 0) this.later(delay, () => void run());
    else void run();
  }

  private async send(t: Target, item: QueueItem, duplicate: boolean): Promise<boolean> {
    const event = this.store.get("event", item.eventId);
    const url = t.url();
    if (!event || !url) return true;
    const { _seq: _ignored, ...stored } = event;
    // Rendered at send time in the target's version, as Stripe renders each endpoint's copy.
    const version = t.version() || stored.api_version;
    const wire = renderEventForVersion(stored as unknown as JsonObject, version);
    const body = JSON.stringify(wire, null, 2);
    const record: DeliveryRecord = {
      id: this.nextLogId++,
      event: event.id,
      type: event.type,
      endpoint: t.id,
      url,
      attempt: item.attempt,
      status: null,
      error: null,
      ok: false,
      duplicate,
      at: new Date().toISOString(),
    };
    try {
      const res = await fetch(url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signPayload(body, t.secret()),
        },
        body,
      });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      record.ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    if (this.stopped) return true;
    this.log.push(record);
    this.logLine(`--> ${event.type} [${event.id}] ${url} ${record.status ?? record.error}${duplicate ? " (duplicate)" : ""}`);
    if (duplicate) return true;
    if (record.ok) {
      if (!t.delivered.has(event.id)) {
        t.delivered.add(event.id);
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
        this.store.touch();
      }
      return true;
    }
    const wait = this.retrySchedule[item.attempt - 1];
    if (wait !== undefined) t.queue.push({ eventId: event.id, attempt: item.attempt + 1, notBefore: Date.now() + wait });
    return false;
  }
}
