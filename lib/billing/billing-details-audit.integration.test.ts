// Billing-details changes are audited like every other tenant billing change: who did it and what changed (address,
// tax ID added, tax ID removed), one row per change, none for a save that changed nothing or that Stripe refused, and
// shown in the admin's audit log (global and the tenant's) in words. Real PostgreSQL, the emulator, the app's client.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeLocal } from "@asset-anchor/stripe-local";
import { listAuditLog } from "@/lib/admin/list-audit-log";
import { describeAudit } from "@/lib/audit/describe-audit";
import { getDb } from "@/lib/db/client";
import { createTestTenant } from "@/testing/test-db";
import { startLocalStripeForTests } from "@/testing/local-stripe";
import { billingDetailsSchema, saveBillingDetails } from "./billing-details";

let emulator: StripeLocal;

beforeAll(async () => {
  ({ emulator } = await startLocalStripeForTests({ LOG_LEVEL: "silent" }));
});

afterAll(async () => {
  await emulator?.stop();
  await getDb().$disconnect();
});

const BERLIN = { line1: "Unter den Linden 1", line2: null, city: "Berlin", state: null, postal_code: "10117", country: "DE" };
const DUBLIN = { line1: "1 Grand Canal Sq", line2: "Floor 2", city: "Dublin", state: null, postal_code: "D02 P820", country: "IE" };

async function tenantWithUser() {
  const row = await createTestTenant();
  const user = await getDb().user.create({ data: { email: `billing-${randomUUID()}@example.test`, name: "Bea Billing", passwordHash: "not-a-hash" } });
  return { tenant: { id: row.id, name: row.name, slug: row.slug }, userId: user.id };
}

const save = (tenant: { id: string; name: string; slug: string }, userId: string, form: { name: string; address: typeof BERLIN | typeof DUBLIN; taxId: string }) =>
  saveBillingDetails(tenant, billingDetailsSchema.parse({ requestId: randomUUID(), ...form }), { userId });

async function auditOf(tenantId: string) {
  const rows = await getDb().auditLog.findMany({ where: { tenantId, action: { startsWith: "tenant." } }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ actor: r.actor, action: r.action, before: r.before, after: r.after }));
}

describe("billing-details audit", () => {
  it("records who set the address and added a tax ID, then an address change and a tax ID swapped and removed", async () => {
    const { tenant, userId } = await tenantWithUser();
    const actor = `user:${userId}`;
    await save(tenant, userId, { name: "Anchor GmbH", address: BERLIN, taxId: "DE123456789" });
    expect(await auditOf(tenant.id)).toEqual([
      expect.objectContaining({
        actor,
        action: "tenant.billing_address_change",
        // The customer was created with the tenant's name; it had no address.
        before: { name: tenant.name, address: null },
        after: expect.objectContaining({ name: "Anchor GmbH", address: "Unter den Linden 1, 10117 Berlin, DE" }),
      }),
      expect.objectContaining({ actor, action: "tenant.tax_id_add", after: expect.objectContaining({ type: "eu_vat", value: "DE123456789" }) }),
    ]);

    // The same details again: nothing changed, nothing audited.
    await save(tenant, userId, { name: "Anchor GmbH", address: BERLIN, taxId: "DE123456789" });
    expect(await auditOf(tenant.id)).toHaveLength(2);

    await save(tenant, userId, { name: "Anchor GmbH", address: DUBLIN, taxId: "IE1234567T" });
    const afterMove = (await auditOf(tenant.id)).slice(2);
    expect(afterMove.map((r) => r.action).sort()).toEqual(["tenant.billing_address_change", "tenant.tax_id_add", "tenant.tax_id_remove"]);
    expect(afterMove.find((r) => r.action === "tenant.billing_address_change")).toMatchObject({
      before: { name: "Anchor GmbH", address: "Unter den Linden 1, 10117 Berlin, DE" },
      after: { name: "Anchor GmbH", address: "1 Grand Canal Sq, Floor 2, D02 P820 Dublin, IE" },
    });
    expect(afterMove.find((r) => r.action === "tenant.tax_id_remove")).toMatchObject({ before: { type: "eu_vat", value: "DE123456789" } });

    await save(tenant, userId, { name: "Anchor GmbH", address: DUBLIN, taxId: "" });
    expect((await auditOf(tenant.id)).slice(5)).toEqual([
      expect.objectContaining({ actor, action: "tenant.tax_id_remove", before: expect.objectContaining({ value: "IE1234567T" }) }),
    ]);

    // The admin's audit log (global, and the tenant's page reads the same query) names the user and says it in words.
    const { rows } = await listAuditLog({ tenant: tenant.id, limit: 20 });
    expect(rows.every((r) => r.actorEmail?.startsWith("billing-"))).toBe(true);
    expect(rows.map((r) => describeAudit(r))).toEqual(
      expect.arrayContaining([
        "Added the tax ID DE123456789 (eu_vat).",
        `Changed the billing name from ${tenant.name} to Anchor GmbH and the address from none to Unter den Linden 1, 10117 Berlin, DE.`,
        "Changed the billing address from Unter den Linden 1, 10117 Berlin, DE to 1 Grand Canal Sq, Floor 2, D02 P820 Dublin, IE.",
        "Removed the tax ID IE1234567T (eu_vat).",
      ]),
    );
    // Never card data: nothing in these rows looks like a card or a payment method.
    expect(JSON.stringify(rows)).not.toMatch(/pm_|card|last4|\b\d{13,19}\b/i);
  });

  it("a tax ID Stripe refuses changes nothing and audits nothing", async () => {
    const { tenant, userId } = await tenantWithUser();
    await save(tenant, userId, { name: "Anchor GmbH", address: BERLIN, taxId: "" });
    const before = await auditOf(tenant.id);
    await expect(save(tenant, userId, { name: "Other", address: DUBLIN, taxId: "IE1" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await auditOf(tenant.id)).toEqual(before);
  });
});
