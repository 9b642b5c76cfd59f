// stripe-local: a stateful local Stripe emulator for the official SDK, webhooks and the Stripe.js stand-in.
// The app reaches it over HTTP only; this module is its programmatic entry point.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { assertKnownVersion } from "./api-versions";
import { API_VERSION, SMART_RETRIES_DEFAULT, type AccountSettings, type DunningOptions, type Emulator } from "./context";
import { IdempotencyCache } from "./idempotency";
import { billingPortalRoutes } from "./resources/billing-portal";
import { chargeRoutes } from "./resources/charges";
import { checkoutRoutes } from "./resources/checkout";
import { couponRoutes } from "./resources/coupons";
import { customerRoutes } from "./resources/customers";
import { taxIdRoutes } from "./resources/tax-ids";
import { eventRoutes } from "./resources/events";
import { invoiceRoutes } from "./resources/invoices";
import { paymentIntentRoutes } from "./resources/payment-intents";
import { productRoutes } from "./resources/products";
import { subscriptionRoutes } from "./resources/subscriptions";
import { testClockRoutes } from "./resources/test-clocks";
import { Router } from "./router";
import { runDue } from "./scheduler";
import { createRequestHandler } from "./server";
import { Store } from "./store";
import { WebhookDelivery, type ChaosOptions, type DeliveryRecord } from "./webhook-delivery";
import { newWebhookSecret } from "./webhook-signature";

export type { ChaosOptions, DeliveryRecord };

export interface StripeLocalOptions {
  /** 0 = random free port; default 12111. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JSON file that keeps state across restarts. */
  snapshotFile?: string;
  /** Forward every event here, like `stripe listen --forward-to url`. */
  webhook?: { url: string; secret?: string };
  /** Milliseconds between delivery retries; default [1000, 5000, 30000]. */
  retrySchedule?: number[];
  /** Off by default: seeded duplicates, delays, reordering and spreading across target URLs. */
  chaos?: ChaosOptions;
  /** The retry policy and what happens when it runs out (default: Smart Retries, 8 attempts in 14 days, cancel). */
  dunning?: Partial<DunningOptions>;
  /** The account's default API version (default: the current one, 2026-10-28.endive). */
  accountApiVersion?: string;
  log?: (line: string) => void;
  /**
   * Lock it down (what `npm start` does): only these keys are accepted, the /_local/ control routes need the
   * secret one, and CORS answers only these origins (the app's, for the Stripe.js stand-in). Unset: test mode,
   * any sk_test_/pk_test_ key and open CORS, for harnesses on a random loopback port.
   */
  access?: { secretKey: string; publishableKey: string; origins: string[] };
  /** Every API answer, as sent (the contract suite's schema check). */
  observe?: (method: string, path: string, status: number, body: string) => void;
}

export interface StripeLocal {
  url: string;
  port: number;
  webhookSecret: string;
  stop(): Promise<void>;
  reset(): Promise<void>;
  /** Resolves when no delivery is queued, in flight or waiting for a retry. */
  waitForDeliveries(timeoutMs?: number): Promise<void>;
  deliveries(): DeliveryRecord[];
  /** Change the forward target, secret, retry schedule or chaos at run time. */
  configureWebhook(opts: { url?: string | null; secret?: string; retrySchedule?: number[]; chaos?: ChaosOptions | null; paused?: boolean }): void;
}

const REAL_TIME_SWEEP_MS = 30_000;

export async function startStripeLocal(opts: StripeLocalOptions = {}): Promise<StripeLocal> {
  const host = opts.host ?? "127.0.0.1";
  const log = opts.log ?? (() => undefined);
  const store = new Store(opts.snapshotFile, log);
  const webhookSecret = opts.webhook?.secret ?? newWebhookSecret();
  const account: AccountSettings = { apiVersion: opts.accountApiVersion ?? API_VERSION };
  assertKnownVersion(account.apiVersion, "accountApiVersion");
  const deliveries = new WebhookDelivery(
    store,
    { url: opts.webhook?.url, secret: webhookSecret, retrySchedule: opts.retrySchedule ?? [1000, 5000, 30000], chaos: opts.chaos },
    log,
    () => account.apiVersion,
  );
  let baseUrl = "";
  const emu: Emulator = {
    store,
    deliveries,
    dunning: { ...SMART_RETRIES_DEFAULT, ...opts.dunning },
    account,
    deletedCustomers: new Set(),
    baseUrl: () => baseUrl,
    log,
  };
  const router = new Router();
  for (const routes of [productRoutes, customerRoutes, taxIdRoutes, paymentIntentRoutes, chargeRoutes, subscriptionRoutes, invoiceRoutes, eventRoutes, testClockRoutes, checkoutRoutes, billingPortalRoutes, couponRoutes]) {
    router.add(routes);
  }
  const idempotency = new IdempotencyCache();
  const resetAll = () => {
    deliveries.clear();
    idempotency.clear();
    emu.deletedCustomers.clear();
    store.reset();
  };
  const handler = createRequestHandler({ emu, router, idempotency, resetAll, access: opts.access, observe: opts.observe });
  const server: Server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      log(`stripe-local: unhandled ${String(err)}`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 12111, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  const sweep = setInterval(() => {
    try {
      runDue(emu, null, store.now(), () => undefined);
      store.persist();
    } catch (err) {
      log(`stripe-local: sweep failed: ${String(err)}`);
    }
  }, REAL_TIME_SWEEP_MS);
  sweep.unref();

  return {
    url: baseUrl,
    port,
    webhookSecret,
    deliveries: () => deliveries.deliveries(),
    waitForDeliveries: (timeoutMs) => deliveries.waitForIdle(timeoutMs),
    configureWebhook: (c) => {
      if (c.url !== undefined) deliveries.forwardUrl = c.url ?? undefined;
      if (c.secret) deliveries.forwardSecret = c.secret;
      if (c.retrySchedule) deliveries.retrySchedule = c.retrySchedule;
      if (c.chaos !== undefined) deliveries.setChaos(c.chaos ?? undefined);
      if (c.paused !== undefined) deliveries.setPaused(c.paused);
    },
    reset: async () => resetAll(),
    stop: async () => {
      clearInterval(sweep);
      deliveries.stop();
      store.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
