// The tenant's invoice list: what a checkout attempt leaves behind unpaid is not shown as a bill.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { uniqueSuffix } from "@/testing/test-db";
import { listInvoices } from "./get-billing-overview";

async function invoice(tenantId: string, fields: { status: string; billingReason: string; amountPaid: number }) {
  const id = `in_list_${uniqueSuffix()}`;
  await getDb().invoice.create({
    data: {
      tenantId,
      stripeInvoiceId: id,
      amountDue: 4900,
      amountRemaining: 4900 - fields.amountPaid,
      total: 4900,
      currency: "usd",
      stripeCreatedAt: new Date(),
      ...fields,
    },
  });
  return id;
}

describe("listInvoices", () => {
  it("leaves out the unpaid first invoices of checkout attempts, keeps paid ones and unpaid renewals", async () => {
    const suffix = uniqueSuffix();
    const tenant = await getDb().tenant.create({ data: { name: "Invoice List", slug: `invoice-list-${suffix}` } });
    const abandoned = await invoice(tenant.id, { status: "open", billingReason: "subscription_create", amountPaid: 0 });
    const voided = await invoice(tenant.id, { status: "void", billingReason: "subscription_create", amountPaid: 0 });
    const paid = await invoice(tenant.id, { status: "paid", billingReason: "subscription_create", amountPaid: 4900 });
    const failedRenewal = await invoice(tenant.id, { status: "open", billingReason: "subscription_cycle", amountPaid: 0 });

    const listed = (await listInvoices(tenant.id)).map((i) => i.id);
    expect(listed).toEqual(expect.arrayContaining([paid, failedRenewal]));
    expect(listed).not.toContain(abandoned);
    expect(listed).not.toContain(voided);
  });
});
