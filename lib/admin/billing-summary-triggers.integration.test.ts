// The tenant billing summary's triggers queue a refresh only for writes the summary reads (migration
// billing_summary_relevant_changes). Here: random writes of every kind to subscriptions, invoices and payments,
// some several to a transaction and some moving a row to another tenant, leave each tenant's summary row equal to
// what tenant_billing_summary_rows() computes from scratch; and a write the summary does not read refreshes nothing.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createPrng } from "@asset-anchor/stripe-local/prng";
import { uniqueSuffix } from "@/testing/test-db";

const SUMMARY_COLUMNS = `"tenantId", "name", "sortName", "slug", "stripeCustomerId", "subscriptionId", "planName", "status", "mrr",
  "currency", "currentPeriodEnd", "cancelAtPeriodEnd", "nextRenewalAt", "lastPaymentAt", "failedAttempts"`;

async function mismatches(tenantIds: string[]): Promise<unknown[]> {
  return getDb().$queryRawUnsafe(
    `(SELECT ${SUMMARY_COLUMNS} FROM "TenantBillingSummary" WHERE "tenantId" = ANY($1)
      EXCEPT SELECT ${SUMMARY_COLUMNS} FROM "tenant_billing_summary_rows"() WHERE "tenantId" = ANY($1))
     UNION ALL
     (SELECT ${SUMMARY_COLUMNS} FROM "tenant_billing_summary_rows"() WHERE "tenantId" = ANY($1)
      EXCEPT SELECT ${SUMMARY_COLUMNS} FROM "TenantBillingSummary" WHERE "tenantId" = ANY($1))`,
    tenantIds,
  );
}

// The rows the summary reads (a paying subscription, an open invoice, a succeeded payment) come up more often, so
// that their moves and changes are many.
const SUBSCRIPTION_STATUSES = ["active", "active", "active", "past_due", "trialing", "incomplete", "incomplete_expired", "unpaid", "canceled", "paused"];
const INVOICE_STATUSES = ["open", "open", "draft", "paid", "void", "uncollectible"];
const PAYMENT_STATUSES = ["succeeded", "succeeded", "pending", "failed"];

describe("the billing summary's triggers", () => {
  it("keep every tenant's summary equal to a fresh computation through 500 random writes", async () => {
    const db = getDb();
    const marker = `bs${uniqueSuffix()}`;
    const random = createPrng(20261203);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const plans = await Promise.all(
      [2500, 24000].map((amount, i) =>
        db.plan.create({ data: { key: `${marker}-${i}`, name: `Plan ${i}`, amount, interval: i ? "year" : "month", stripePriceId: `price_${marker}_${i}` } }),
      ),
    );
    const tenants = await Promise.all(
      [0, 1, 2].map((i) => db.tenant.create({ data: { name: `${marker} ${i}`, slug: `${marker}-${i}`, stripeCustomerId: `cus_${marker}_${i}` } })),
    );
    const tenantIds = tenants.map((t) => t.id);
    const day = (offset: number) => new Date(Date.UTC(2026, 11, 1) + offset * 86_400_000);
    let serial = 0;

    type Run = (sql: string, ...values: unknown[]) => Promise<unknown>;
    type Table = { insert: (run: Run, tenant: string) => Promise<unknown>; changes: () => [set: string, value: unknown][] };
    // Per table: how a row is inserted, and the changes an update may make (each with a column the summary does not read).
    const tables: Record<"Subscription" | "Invoice" | "Payment", Table> = {
      Subscription: {
        insert: (run, tenant) => run(
          `INSERT INTO "Subscription" ("id", "tenantId", "stripeSubscriptionId", "status", "planId", "quantity", "currentPeriodEnd",
             "cancelAtPeriodEnd", "createdAt", "updatedAt")
           VALUES ($1, $2, $1, $3::"SubscriptionStatus", $4, $5, $6, $7, $8, now())`,
          `sub_${marker}_${serial}`, tenant, pick(SUBSCRIPTION_STATUSES), pick([...plans.map((p) => p.id), ...plans.map((p) => p.id), null]),
          1 + Math.floor(random() * 3), day(Math.floor(random() * 60)), random() < 0.3, day(-Math.floor(random() * 30)),
        ),
        changes: () => [
          [`"status" = $2::"SubscriptionStatus"`, pick(SUBSCRIPTION_STATUSES)],
          [`"quantity" = $2`, 1 + Math.floor(random() * 3)],
          [`"cancelAtPeriodEnd" = $2`, random() < 0.5],
          [`"currentPeriodEnd" = $2`, day(Math.floor(random() * 60))],
          [`"planId" = $2`, pick(plans).id],
          [`"tenantId" = $2`, pick(tenantIds)],
          [`"recurringDiscounts" = $2::jsonb`, JSON.stringify(random() < 0.5 ? [] : [{ id: "di", coupon: "c", percentOff: 20, end: null }])],
          [`"createdAt" = $2`, day(-Math.floor(random() * 30))],
          [`"cancellationComment" = $2`, `note ${serial}`],
        ],
      },
      Invoice: {
        insert: (run, tenant) => run(
          `INSERT INTO "Invoice" ("id", "tenantId", "stripeInvoiceId", "status", "amountDue", "amountPaid", "amountRemaining", "total",
             "currency", "attemptCount", "stripeCreatedAt", "updatedAt")
           VALUES ($1, $2, $1, $3, 2500, 0, 2500, 2500, 'usd', $4, $5, now())`,
          `in_${marker}_${serial}`, tenant, pick(INVOICE_STATUSES), Math.floor(random() * 4), day(-Math.floor(random() * 30)),
        ),
        changes: () => [
          [`"status" = $2`, pick(INVOICE_STATUSES)],
          [`"attemptCount" = $2`, Math.floor(random() * 4)],
          [`"tenantId" = $2`, pick(tenantIds)],
          [`"amountPaid" = $2`, Math.floor(random() * 2500)],
        ],
      },
      Payment: {
        insert: (run, tenant) => run(
          `INSERT INTO "Payment" ("id", "tenantId", "stripeChargeId", "amount", "currency", "status", "stripeCreatedAt", "updatedAt")
           VALUES ($1, $2, $1, 2500, 'usd', $3, $4, now())`,
          `ch_${marker}_${serial}`, tenant, pick(PAYMENT_STATUSES), day(-Math.floor(random() * 30)),
        ),
        changes: () => [
          [`"status" = $2`, pick(PAYMENT_STATUSES)],
          [`"stripeCreatedAt" = $2`, day(-Math.floor(random() * 30))],
          [`"tenantId" = $2`, pick(tenantIds)],
          [`"amountRefunded" = $2`, Math.floor(random() * 2500)],
        ],
      },
    };

    // One random write (insert, update or delete of a random row), as SQL run on `run` (the client, or a transaction).
    const write = async (run: Run) => {
      const name = pick(["Subscription", "Invoice", "Payment"] as const);
      const table = tables[name];
      // Half the time the newest row: the one most likely to be a tenant's current subscription.
      const order = random() < 0.5 ? `"createdAt" DESC, "id" DESC` : "random()";
      const anyRow = `(SELECT "id" FROM "${name}" WHERE "tenantId" = ANY($1) ORDER BY ${order} LIMIT 1)`;
      serial += 1;
      const roll = random();
      if (roll < 0.45) await table.insert(run, pick(tenantIds));
      else if (roll < 0.85) {
        const [set, value] = pick(table.changes());
        await run(`UPDATE "${name}" SET ${set} WHERE "id" = ${anyRow}`, tenantIds, value);
      } else await run(`DELETE FROM "${name}" WHERE "id" = ${anyRow}`, tenantIds);
    };

    for (let step = 0; step < 500; step += 1) {
      if (random() < 0.2) {
        await db.$transaction(async (tx) => {
          for (let n = 0; n < 3; n += 1) await write((sql, ...values) => tx.$executeRawUnsafe(sql, ...values));
        });
      } else {
        await write((sql, ...values) => db.$executeRawUnsafe(sql, ...values));
      }
      expect(await mismatches(tenantIds), `after write ${serial}`).toEqual([]);
    }
  });

  it("refresh it for each column of a current subscription the summary reads", async () => {
    const db = getDb();
    const marker = `bc${uniqueSuffix()}`;
    const plans = await Promise.all(
      [2500, 4900].map((amount, i) =>
        db.plan.create({ data: { key: `${marker}-${i}`, name: `Plan ${i}`, amount, interval: "month", stripePriceId: `price_${marker}_${i}` } }),
      ),
    );
    const [tenant, other] = await Promise.all(
      [0, 1].map((i) => db.tenant.create({ data: { name: `${marker} ${i}`, slug: `${marker}-${i}`, stripeCustomerId: `cus_${marker}_${i}` } })),
    );
    const sub = await db.subscription.create({
      data: { tenantId: tenant!.id, stripeSubscriptionId: `sub_${marker}`, status: "active", planId: plans[0]!.id, currentPeriodEnd: new Date(Date.UTC(2027, 0, 1)) },
    });
    const changes: [string, unknown][] = [
      [`"status" = $2::"SubscriptionStatus"`, "past_due"],
      [`"quantity" = $2`, 3],
      [`"recurringDiscounts" = $2::jsonb`, JSON.stringify([{ id: "di", coupon: "c", percentOff: 20, end: null }])],
      [`"currentPeriodEnd" = $2`, new Date(Date.UTC(2027, 1, 1))],
      [`"cancelAtPeriodEnd" = $2`, true],
      [`"planId" = $2`, plans[1]!.id],
      [`"createdAt" = $2`, new Date(Date.UTC(2026, 0, 1))],
      [`"tenantId" = $2`, other!.id],
    ];
    for (const [set, value] of changes) {
      await db.$executeRawUnsafe(`UPDATE "Subscription" SET ${set} WHERE "id" = $1`, sub.id, value);
      expect(await mismatches([tenant!.id, other!.id]), set).toEqual([]);
    }
  });

  it("queue no refresh for a write the summary does not read", async () => {
    const db = getDb();
    const marker = `bn${uniqueSuffix()}`;
    const tenant = await db.tenant.create({ data: { name: marker, slug: marker, stripeCustomerId: `cus_${marker}` } });
    const refreshedAt = async () => (await db.tenantBillingSummary.findUniqueOrThrow({ where: { tenantId: tenant.id } })).refreshedAt.getTime();
    const before = await refreshedAt();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A paid invoice, a failed payment, an unpaid subscription attempt: none of them is in the summary.
    await db.invoice.create({
      data: { tenantId: tenant.id, stripeInvoiceId: `in_${marker}`, status: "paid", amountDue: 100, amountPaid: 100, amountRemaining: 0, total: 100, currency: "usd", stripeCreatedAt: new Date() },
    });
    await db.payment.create({ data: { tenantId: tenant.id, stripeChargeId: `ch_${marker}`, amount: 100, currency: "usd", status: "failed", stripeCreatedAt: new Date() } });
    await db.subscription.create({ data: { tenantId: tenant.id, stripeSubscriptionId: `sub_${marker}`, status: "incomplete" } });
    expect(await refreshedAt()).toBe(before);
    // An open invoice is: its attempts are the summary's failed attempts.
    await db.invoice.create({
      data: { tenantId: tenant.id, stripeInvoiceId: `in2_${marker}`, status: "open", amountDue: 100, amountPaid: 0, amountRemaining: 100, total: 100, currency: "usd", attemptCount: 1, stripeCreatedAt: new Date() },
    });
    expect(await refreshedAt()).toBeGreaterThan(before);
    expect((await db.tenantBillingSummary.findUniqueOrThrow({ where: { tenantId: tenant.id } })).failedAttempts).toBe(1);
  });
});
