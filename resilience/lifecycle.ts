// The load: ≥ 200 tenants live through subscribe (good and failing cards), renewals on a test clock, a failed
// renewal and its recovery, plan changes, refunds and cancellations — all through the official SDK against the
// emulator, whose chaos mode spreads the deliveries over the instances, duplicates and reorders them, while the
// app fails 5 % of handlers on purpose. Meanwhile this module sends extra copies of recent events to every
// instance at the same moment, SIGKILLs an instance and restarts the database.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import type { Cluster } from "./cluster";
import type { Sql } from "./db";

export type LoadResult = {
  tenants: string[];
  customers: string[];
  concurrentDuplicates: number;
  kills: number;
  databaseRestarts: number;
  databaseRestartSkipped: string | null;
  outages: number;
  sdkErrors: string[];
  startedAt: Date;
};

/** The suite's own SQL rides out the database restart it causes. */
async function retrying<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

type Plans = { monthly: { key: string; price: string }[] };

async function loadPlans(sql: Sql): Promise<Plans> {
  const { rows } = await sql.query<{ key: string; stripePriceId: string }>(
    `SELECT "key", "stripePriceId" FROM "Plan" WHERE "active" AND "interval" = 'month' AND "stripePriceId" IS NOT NULL ORDER BY "amount", "key"`,
  );
  if (rows.length < 2) throw new Error("the seed gave fewer than two monthly plans; the load needs two to change between");
  return { monthly: rows.map((r) => ({ key: r.key, price: r.stripePriceId })) };
}

async function waitForClock(stripe: Stripe, id: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const clock = await stripe.testHelpers.testClocks.retrieve(id);
    if (clock.status === "ready") return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`test clock ${id} did not become ready`);
}

async function advance(stripe: Stripe, id: string, to: number): Promise<void> {
  await stripe.testHelpers.testClocks.advance(id, { frozen_time: to });
  await waitForClock(stripe, id);
}

function periodEnd(sub: Stripe.Subscription): number {
  return sub.items.data[0]?.current_period_end ?? 0;
}

/** One tenant's life; which chapters it gets depends on its number, so every kind of event occurs many times. */
async function liveOneTenant(stripe: Stripe, sql: Sql, plans: Plans, runId: string, n: number, start: number): Promise<string> {
  const tenantId = `rt${runId}${String(n).padStart(4, "0")}`;
  await retrying(() => sql.query(`INSERT INTO "Tenant" ("id", "name", "slug", "updatedAt") VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`, [tenantId, `Load tenant ${n}`, `load-${runId}-${n}`]));
  // An owner, so the tenant's billing emails have a recipient (the suite counts them); no password can sign in as it.
  await retrying(() =>
    sql.query(
      `WITH "owner" AS (INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ($1, $2, 'Load owner', '!', now())
         ON CONFLICT DO NOTHING RETURNING "id")
       INSERT INTO "Membership" ("id", "userId", "tenantId", "role") SELECT $1, "id", $3, 'owner' FROM "owner" ON CONFLICT DO NOTHING`,
      [`u${tenantId}`, `owner-${tenantId}@load.test`, tenantId],
    ),
  );
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start, name: tenantId });
  const customer = await stripe.customers.create({ email: `load-${n}@example.test`, metadata: { tenantId }, test_clock: clock.id });
  // What ensureStripeCustomer does before a checkout: the tenant knows its customer before any event arrives.
  await retrying(() => sql.query(`UPDATE "Tenant" SET "stripeCustomerId" = $1, "updatedAt" = now() WHERE "id" = $2`, [customer.id, tenantId]));
  const plan = plans.monthly[n % plans.monthly.length] ?? plans.monthly[0];
  const other = plans.monthly[(n + 1) % plans.monthly.length] ?? plans.monthly[0];
  if (!plan || !other) throw new Error("no plans");
  const visa = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });

  let sub: Stripe.Subscription;
  if (n % 7 === 3) {
    // The first payment is declined (incomplete, invoice.payment_failed), then paid with a good card.
    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: plan.price }],
      payment_behavior: "allow_incomplete",
      metadata: { tenantId },
      default_payment_method: failing.id,
    });
    const invoiceId = typeof sub.latest_invoice === "string" ? sub.latest_invoice : sub.latest_invoice?.id;
    await stripe.subscriptions.update(sub.id, { default_payment_method: visa.id });
    if (invoiceId) await stripe.invoices.pay(invoiceId, { payment_method: visa.id });
  } else {
    sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.price }], default_payment_method: visa.id, metadata: { tenantId } });
  }
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });

  if (n % 2 === 0) {
    // A renewal.
    sub = await stripe.subscriptions.retrieve(sub.id);
    await advance(stripe, clock.id, periodEnd(sub) + 2 * 3600);
  }

  if (n % 5 === 0) {
    // The card starts failing: a failed renewal (past_due), then a new card and a payment recover it.
    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    sub = await stripe.subscriptions.retrieve(sub.id);
    await advance(stripe, clock.id, periodEnd(sub) + 2 * 3600);
    const open = (await stripe.invoices.list({ subscription: sub.id, status: "open", limit: 1 })).data[0];
    const good = await stripe.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    await stripe.subscriptions.update(sub.id, { default_payment_method: good.id });
    if (open?.id) await stripe.invoices.pay(open.id, { payment_method: good.id });
  }

  if (n % 4 === 1) {
    // A plan change, invoiced at once.
    const current = await stripe.subscriptions.retrieve(sub.id);
    const item = current.items.data[0];
    if (item) await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: other.price }], proration_behavior: "always_invoice" });
  }

  if (n % 5 === 2) {
    // A refund, full or partial, of the first payment.
    const charge = (await stripe.charges.list({ customer: customer.id, limit: 100 })).data.filter((c) => c.paid && !c.refunded).at(-1);
    if (charge) await stripe.refunds.create({ charge: charge.id, ...(n % 10 === 2 ? {} : { amount: Math.max(1, Math.floor(charge.amount / 3)) }) });
  }

  if (n % 6 === 5) {
    await stripe.subscriptions.cancel(sub.id);
  } else if (n % 6 === 4) {
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const current = await stripe.subscriptions.retrieve(sub.id);
    await advance(stripe, clock.id, periodEnd(current) + 3600);
  } else if (n % 10 === 0) {
    // Another renewal, so the clock keeps producing invoices and charges.
    const current = await stripe.subscriptions.retrieve(sub.id);
    if (current.status === "active") await advance(stripe, clock.id, periodEnd(current) + 2 * 3600);
  }
  return customer.id;
}

export type LoadOptions = {
  tenants: number;
  concurrency: number;
  /** Fire extra same-moment copies of recent events at every instance. */
  concurrentDuplicateEveryMs: number;
  faults: boolean;
  log: (line: string) => void;
};

export async function runLoad(cluster: Cluster, sql: Sql, options: LoadOptions): Promise<LoadResult> {
  const stripe = new Stripe(cluster.secrets.stripeSecretKey, {
    host: new URL(cluster.stripe.url).hostname,
    port: Number(new URL(cluster.stripe.url).port),
    protocol: "http",
    telemetry: false,
    maxNetworkRetries: 2,
  });
  const plans = await loadPlans(sql);
  const runId = randomBytes(3).toString("hex");
  const start = Math.floor(Date.UTC(2027, 0, 10, 12) / 1000);
  const result: LoadResult = {
    tenants: [],
    customers: [],
    concurrentDuplicates: 0,
    kills: 0,
    databaseRestarts: 0,
    databaseRestartSkipped: null,
    outages: 0,
    sdkErrors: [],
    startedAt: new Date(),
  };

  // Same-moment copies: the newest events, signed afresh, posted to every instance at once.
  let stopCopies = false;
  const copies = (async () => {
    const signer = new Stripe("sk_test_sign", { telemetry: false });
    while (!stopCopies) {
      await new Promise((resolve) => setTimeout(resolve, options.concurrentDuplicateEveryMs));
      try {
        const recent = (await stripe.events.list({ limit: 100 })).data;
        const picked = [0, 1, 2].map(() => recent[Math.floor(Math.random() * recent.length)]).filter((e) => e !== undefined);
        for (const event of picked) {
          const body = JSON.stringify(event);
          const signature = signer.webhooks.generateTestHeaderString({ payload: body, secret: cluster.secrets.webhookSecret });
          await Promise.all(
            cluster.instances.map((instance) =>
              fetch(`${instance.url}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body, signal: AbortSignal.timeout(30_000) })
                .then((r) => r.arrayBuffer())
                .catch(() => undefined),
            ),
          );
          result.concurrentDuplicates += cluster.instances.length;
        }
      } catch {
        // an instance or the database is down on purpose right now
      }
    }
  })();

  let next = 0;
  let done = 0;
  const faultPlan = options.faults
    ? [
        { at: Math.floor(options.tenants * 0.35), run: async () => {
          const victim = cluster.instances.length > 1 ? 1 : 0;
          options.log(`fault: SIGKILL instance ${victim} (port ${cluster.instances[victim]?.port}) with deliveries in flight`);
          cluster.kill(victim);
          result.kills += 1;
          await new Promise((resolve) => setTimeout(resolve, 3000));
          await cluster.restart(victim);
          options.log(`fault: instance ${victim} restarted`);
        } },
        { at: Math.floor(options.tenants * 0.85), run: async () => {
          options.log("fault: webhook outage (half the deliveries to a dead address, no retries) for 3 s");
          await cluster.outage(3000);
          result.outages += 1;
          options.log("fault: webhook outage over");
        } },
        { at: Math.floor(options.tenants * 0.65), run: async () => {
          options.log("fault: restarting the database");
          const skipped = await cluster.restartDatabase(1500);
          if (skipped) {
            result.databaseRestartSkipped = skipped;
            options.log(`fault: database restart skipped: ${skipped}`);
          } else {
            result.databaseRestarts += 1;
            options.log("fault: database back");
          }
        } },
      ]
    : [];
  const faultRuns: Promise<void>[] = [];
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.tenants) {
        const n = next++;
        for (const fault of faultPlan) if (fault.at === n) faultRuns.push(fault.run());
        try {
          result.customers.push(await liveOneTenant(stripe, sql, plans, runId, n, start));
        } catch (error) {
          result.sdkErrors.push(`tenant ${n}: ${(error as Error).message}`);
        }
        done += 1;
        if (done % 50 === 0) options.log(`load: ${done}/${options.tenants} tenants`);
      }
    }),
  );
  await Promise.all(faultRuns);
  // Copies keep racing the emulator's own deliveries and retries until those settle.
  const settleStarted = Date.now();
  await cluster.stripe.waitForDeliveries(300_000).catch(() => undefined);
  options.log(`load: deliveries and retries settled ${Math.round((Date.now() - settleStarted) / 1000)} s after the last tenant`);
  stopCopies = true;
  await copies;
  result.tenants = Array.from({ length: options.tenants }, (_, n) => `rt${runId}${String(n).padStart(4, "0")}`);
  return result;
}
