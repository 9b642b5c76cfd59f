import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestTenant, uniqueEmail, uniqueSuffix } from "@/testing/test-db";
import { outboxKey, queueEmail, SEND_EMAIL_TASK } from "./queue-email";
import type { BillingReceiptProps } from "./templates/billing-receipt";

const receipt: BillingReceiptProps = {
  tenantName: "Acme",
  amountPaid: 2900,
  currency: "usd",
  planName: "Starter",
  periodStart: "2026-11-01T00:00:00.000Z",
  periodEnd: "2026-12-01T00:00:00.000Z",
  invoiceNumber: "INV-1",
  hostedInvoiceUrl: "https://invoice.example/1",
  invoicePdfUrl: null,
};

async function jobsFor(emailIds: string[]) {
  return getDb().$queryRawUnsafe<{ task_identifier: string; payload: { emailId: string }; key: string | null; max_attempts: number }[]>(
    // The public jobs view leaves the payload out; the table behind it has it.
    `select t.identifier as task_identifier, j.payload, j.key, j.max_attempts
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.payload->>'emailId' = any($1::text[])`,
    emailIds,
  );
}

describe("queueEmail", () => {
  it("inserts one outbox row and one send job per cause, template and recipient, however often it is decided", async () => {
    const tenant = await createTestTenant();
    const to = uniqueEmail("billing");
    const key = `evt_${uniqueSuffix()}`;
    const email = { key, to, template: "billing-receipt" as const, props: receipt, tenantId: tenant.id };
    await getDb().$transaction((tx) => queueEmail(tx, email));
    // A replayed delivery, and the same address in other case: both the same email.
    await getDb().$transaction((tx) => queueEmail(tx, email));
    await getDb().$transaction((tx) => queueEmail(tx, { ...email, to: to.toUpperCase() }));

    const rows = await getDb().email.findMany({ where: { tenantId: tenant.id } });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ key: outboxKey(email), to, status: "queued", subject: "Receipt: $29.00 paid for Starter" });
    expect(row.messageId).toMatch(/^<[0-9a-f]{40}@[^>]+>$/);
    const jobs = await jobsFor([row.id]);
    expect(jobs).toEqual([{ task_identifier: SEND_EMAIL_TASK, payload: { emailId: row.id }, key: `email:${row.id}`, max_attempts: 12 }]);
  });

  it("queues a separate email for another recipient or another cause", async () => {
    const tenant = await createTestTenant();
    const key = `evt_${uniqueSuffix()}`;
    const base = { key, to: uniqueEmail("owner"), template: "billing-receipt" as const, props: receipt, tenantId: tenant.id };
    await getDb().$transaction(async (tx) => {
      await queueEmail(tx, base);
      await queueEmail(tx, { ...base, to: uniqueEmail("billing-admin") });
      await queueEmail(tx, { ...base, key: `${key}_next` });
    });
    const rows = await getDb().email.findMany({ where: { tenantId: tenant.id } });
    expect(rows).toHaveLength(3);
    expect(await jobsFor(rows.map((row) => row.id))).toHaveLength(3);
  });

  it("queues nothing when the caller's transaction rolls back", async () => {
    const tenant = await createTestTenant();
    const key = `evt_${uniqueSuffix()}`;
    await expect(
      getDb().$transaction(async (tx) => {
        await queueEmail(tx, { key, to: uniqueEmail("owner"), template: "billing-receipt", props: receipt, tenantId: tenant.id });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await getDb().email.count({ where: { tenantId: tenant.id } })).toBe(0);
    const jobs = await getDb().$queryRawUnsafe<{ n: number }[]>(
      `select count(*)::int as n from graphile_worker._private_jobs j where j.payload->>'emailId' not in (select id from "Email")`,
    );
    expect(jobs[0]!.n).toBe(0);
  });
});
