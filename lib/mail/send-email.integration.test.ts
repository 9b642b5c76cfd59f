// The outbox end to end on the real queue: graphile-worker runners on the test database, nodemailer, and the local
// mail catcher as the SMTP server (its refusals stand in for a provider's outage).
import nodemailer from "nodemailer";
import { Logger, run, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { buildTaskList } from "@/lib/jobs/task-list";
import { createTestTenant, uniqueEmail, uniqueSuffix } from "@/testing/test-db";
import { startMailCatcher, type MailCatcher } from "@/scripts/lib/mail-catcher";
import { messageIdFor, outboxKey, queueEmail } from "./queue-email";
import { requeueStalledEmails } from "./requeue-stalled-emails";
import { sendOutboxEmail } from "./send-email";
import type { BillingReceiptProps } from "./templates/billing-receipt";

const receipt: BillingReceiptProps = {
  tenantName: "Acme",
  amountPaid: 4900,
  currency: "usd",
  planName: "Growth",
  periodStart: "2026-11-01T00:00:00.000Z",
  periodEnd: "2026-12-01T00:00:00.000Z",
  invoiceNumber: "INV-7",
  hostedInvoiceUrl: "https://invoice.example/7",
  invoicePdfUrl: "https://invoice.example/7.pdf",
};

const quiet = new Logger(() => () => undefined);
let catcher: MailCatcher;
let transport: nodemailer.Transporter;
const runners: Runner[] = [];

async function startRunner(): Promise<Runner> {
  const runner = await run({
    connectionString: getEnv().DATABASE_URL,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 500,
    logger: quiet,
    taskList: buildTaskList({ transport }),
  });
  runners.push(runner);
  return runner;
}

async function queueReceipt(to: string, tenantId: string, key = `evt_${uniqueSuffix()}`) {
  await getDb().$transaction((tx) => queueEmail(tx, { key, to, template: "billing-receipt", props: receipt, tenantId }));
  return getDb().email.findFirstOrThrow({ where: { tenantId, to } });
}

/** An outbox row with no job behind it, for the tests that play the attempts by hand while runners run. */
async function outboxRowWithoutJob(to: string, tenantId: string) {
  const key = outboxKey({ key: `evt_${uniqueSuffix()}`, template: "billing-receipt", to });
  return getDb().email.create({
    data: { key, to, tenantId, template: "billing-receipt", props: { ...receipt }, subject: "Receipt", messageId: messageIdFor(key) },
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const caughtFor = (to: string) => catcher.messages().filter((message) => message.to.includes(to.toLowerCase()));

beforeAll(async () => {
  catcher = await startMailCatcher();
  transport = nodemailer.createTransport({ url: catcher.smtpUrl });
});

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
  transport?.close();
  await catcher?.stop();
});

describe("the email worker", () => {
  it("sends a committed email once, with an HTML and a plain-text part, and records the SMTP answer", async () => {
    // Committed before any worker runs: a crash between commit and send loses nothing, the job waits in the queue.
    const tenant = await createTestTenant();
    const to = uniqueEmail("owner");
    const row = await queueReceipt(to, tenant.id);
    expect(row.status).toBe("queued");

    await startRunner();
    const sent = await waitFor(() => getDb().email.findUniqueOrThrow({ where: { id: row.id } }), (r) => r.status === "sent");
    expect(sent.attempts).toBe(1);
    expect(sent.lastResponse).toMatch(/^250/);
    expect(sent.sentAt).not.toBeNull();
    const caught = caughtFor(to);
    expect(caught).toHaveLength(1);
    expect(caught[0]).toMatchObject({ subject: "Receipt: $49.00 paid for Growth", messageId: row.messageId });
    expect(caught[0]!.html).toContain('href="https://invoice.example/7.pdf"');
    expect(caught[0]!.text).toContain("Acme paid $49.00 for the Growth plan");
    expect(caught[0]!.text).toContain(`${new URL(getEnv().NEXTAUTH_URL).origin}/billing`);

    // The job running again (a retry after a lost acknowledgement) sends nothing more.
    await expect(sendOutboxEmail(row.id, transport, { finalAttempt: false })).resolves.toBe("already-sent");
    expect(caughtFor(to)).toHaveLength(1);
  });

  it("records a refused attempt for a retry, and the last refused attempt as failed", async () => {
    const tenant = await createTestTenant();
    const to = uniqueEmail("owner");
    const row = await outboxRowWithoutJob(to, tenant.id);
    catcher.refuseNext(1, to);
    await expect(sendOutboxEmail(row.id, transport, { finalAttempt: false })).rejects.toThrow(/451/);
    const retrying = await getDb().email.findUniqueOrThrow({ where: { id: row.id } });
    expect(retrying).toMatchObject({ status: "retrying", attempts: 1, leaseUntil: null });
    expect(retrying.lastResponse).toMatch(/451/);

    catcher.refuseNext(1, to);
    await expect(sendOutboxEmail(row.id, transport, { finalAttempt: true })).rejects.toThrow(/451/);
    expect(await getDb().email.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("retries through the queue with exponential backoff until the server accepts", async () => {
    if (runners.length === 0) await startRunner();
    const tenant = await createTestTenant();
    const to = uniqueEmail("owner");
    catcher.refuseNext(1, to);
    const queued = await queueReceipt(to, tenant.id);
    // graphile-worker's first retry waits exp(1) ≈ 2.7 s (the next exp(2) ≈ 7.4 s, and so on).
    const [job] = await waitFor(
      () =>
        getDb().$queryRawUnsafe<{ attempts: number; delayMs: number }[]>(
          `select attempts, (extract(epoch from run_at - now()) * 1000)::int as "delayMs" from graphile_worker._private_jobs
            where key = $1 and last_error is not null and locked_at is null`,
          `email:${queued.id}`,
        ),
      (jobs) => jobs.length === 1,
    );
    expect((await getDb().email.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("retrying");
    expect(job!.attempts).toBe(1);
    expect(job!.delayMs).toBeGreaterThan(1000);
    expect(job!.delayMs).toBeLessThan(2800);
    const sent = await waitFor(() => getDb().email.findUniqueOrThrow({ where: { id: queued.id } }), (r) => r.status === "sent");
    expect(sent.attempts).toBe(2);
    expect(caughtFor(to)).toHaveLength(1);
  }, 30_000);

  it("leaves a row another attempt holds, and takes over one whose sender died mid-send", async () => {
    const tenant = await createTestTenant();
    const to = uniqueEmail("owner");
    const row = await outboxRowWithoutJob(to, tenant.id);
    await getDb().email.update({ where: { id: row.id }, data: { status: "sending", leaseUntil: new Date(Date.now() + 60_000) } });
    await expect(sendOutboxEmail(row.id, transport, { finalAttempt: false })).rejects.toThrow(/being sent by another attempt/);
    expect(caughtFor(to)).toHaveLength(0);

    // The holder died: its lease ran out. The sweep queues a new job under the same key, a runner sends it.
    await getDb().email.update({ where: { id: row.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    expect(await requeueStalledEmails()).toBeGreaterThanOrEqual(1);
    if (runners.length === 0) await startRunner();
    await waitFor(() => getDb().email.findUniqueOrThrow({ where: { id: row.id } }), (r) => r.status === "sent");
    expect(caughtFor(to)).toHaveLength(1);
  });
});
