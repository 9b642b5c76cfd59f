// What every operation needs: the emulator's state and services, and the request it runs for.

import type { Store } from "./store";
import type { WebhookDelivery } from "./webhook-delivery";

export const API_VERSION = "2026-10-28.endive";

/**
 * The account's retry settings (Dashboard → Billing → Revenue recovery → Retries). Smart Retries by default:
 * up to `attempts` payment attempts within `windowDays` of the first failure (Stripe's recommended default is
 * 8 tries within 2 weeks), spread evenly here where Stripe times them by machine learning. A `retryDays`
 * schedule replaces it with a custom schedule (days after the first failure). Either way, no retry without a
 * payment method or after a non-retryable (hard) decline.
 */
export interface DunningOptions {
  attempts: number;
  windowDays: number;
  retryDays?: number[];
  /** What happens to the subscription once retries are exhausted: cancel it, mark it unpaid, or leave it past_due. */
  finalAction: "cancel" | "unpaid" | "past_due";
}

export const SMART_RETRIES_DEFAULT: DunningOptions = { attempts: 8, windowDays: 14, finalAction: "cancel" };

/** Account settings that live in Stripe's Dashboard, not on any object. */
export interface AccountSettings {
  /** The account's default API version: endpoints without one, the Events API, `stripe listen` without --latest. */
  apiVersion: string;
}

export interface Emulator {
  store: Store;
  deliveries: WebhookDelivery;
  dunning: DunningOptions;
  account: AccountSettings;
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
