import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AdminContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { queueEmail } from "@/lib/mail/queue-email";
import { createTestTenant, uniqueEmail, uniqueSuffix } from "@/testing/test-db";
import { resendEmail } from "./resend-email";

const admin = { user: { id: "admin_resend_test" } } as AdminContext;

async function tenantWithReceipt() {
  const tenant = await createTestTenant();
  const to = uniqueEmail("owner");
  await getDb().$transaction((tx) =>
    queueEmail(tx, {
      key: `evt_${uniqueSuffix()}`,
      to,
      tenantId: tenant.id,
      template: "billing-receipt",
      props: { tenantName: "Acme", amountPaid: 1900, currency: "usd", planName: "Starter", periodStart: null, periodEnd: null, invoiceNumber: null, hostedInvoiceUrl: null, invoicePdfUrl: null },
    }),
  );
  const original = await getDb().email.findFirstOrThrow({ where: { tenantId: tenant.id } });
  return { tenant, original };
}

describe("resendEmail", () => {
  it("queues one audited copy per request, however often the request arrives", async () => {
    const { tenant, original } = await tenantWithReceipt();
    const input = { tenantId: tenant.id, emailId: original.id, requestId: randomUUID() };
    await resendEmail(input, admin);
    await resendEmail(input, admin);
    const emails = await getDb().email.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: "asc" } });
    expect(emails).toHaveLength(2);
    expect(emails[1]).toMatchObject({ to: original.to, template: original.template, subject: original.subject, props: original.props, status: "queued" });
    expect(emails[1]!.key).toBe(`resend:${input.requestId}|billing-receipt|${original.to}`);
    const audits = await getDb().auditLog.findMany({ where: { tenantId: tenant.id, action: "admin.email_resent" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: "admin:admin_resend_test", after: { emailId: original.id, to: original.to } });
  });

  it("finds no email of another tenant (not_found) and changes nothing", async () => {
    const { original } = await tenantWithReceipt();
    const other = await createTestTenant();
    await expect(resendEmail({ tenantId: other.id, emailId: original.id, requestId: randomUUID() }, admin)).rejects.toMatchObject({ code: "not_found" });
    expect(await getDb().email.count({ where: { tenantId: other.id } })).toBe(0);
  });
});
