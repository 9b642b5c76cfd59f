// What every operation needs: the emulator's state and services, and the request it runs for.

import type { Store } from "./store";
import type { WebhookDelivery } from "./webhook-delivery";

export const API_VERSION = "2026-10-28.endive";

export interface DunningOptions {
  /** Days after the first failed renewal attempt at which payment is retried. */
  retryDays: number[];
  /** What happens to the subscription once retries are exhausted. */
  finalAction: "cancel" | "unpaid";
}

export interface Emulator {
  store: Store;
  deliveries: WebhookDelivery;
  dunning: DunningOptions;
  /** Deleted customers still answer GET with `{deleted: true}`. */
  deletedCustomers: Set<string>;
  /** e.g. http://127.0.0.1:12111, used for hosted page URLs. */
  baseUrl(): string;
  log(line: string): void;
}

/** The API request an event came from; null for events the clock or a hosted page caused. */
export interface RequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

export interface Ctx {
  emu: Emulator;
  req: RequestInfo;
}

export const NO_REQUEST: RequestInfo = { id: null, idempotency_key: null };
