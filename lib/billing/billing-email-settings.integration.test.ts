import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestTenant, uniqueEmail } from "@/testing/test-db";
import { billingEmailSettingsSchema, getBillingEmailSettings, updateBillingEmailSettings } from "./billing-email-settings";

describe("billing email settings", () => {
  it("read a form: empty address means the owner's, unticked boxes are false", () => {
    expect(billingEmailSettingsSchema.parse({ billingEmail: "  ", optionalBillingEmails: "on" })).toEqual({
      billingEmail: null,
      copyBillingAdmins: false,
      optionalBillingEmails: true,
    });
    expect(billingEmailSettingsSchema.parse({ billingEmail: " Accounts@Example.COM " }).billingEmail).toBe("accounts@example.com");
    expect(billingEmailSettingsSchema.safeParse({ billingEmail: "not-an-address" }).success).toBe(false);
  });

  it("are saved and audited, and read back with the owner's address", async () => {
    const tenant = await createTestTenant();
    const owner = uniqueEmail("owner");
    await getDb().membership.create({
      data: { tenant: { connect: { id: tenant.id } }, role: "owner", user: { create: { email: owner, name: "O", passwordHash: "x" } } },
    });
    expect(await getBillingEmailSettings(tenant.id)).toEqual({
      settings: { billingEmail: null, copyBillingAdmins: false, optionalBillingEmails: true },
      ownerEmail: owner,
    });
    const settings = { billingEmail: "accounts@example.test", copyBillingAdmins: true, optionalBillingEmails: false };
    await updateBillingEmailSettings(tenant.id, "user_1", settings);
    expect((await getBillingEmailSettings(tenant.id)).settings).toEqual(settings);
    const audit = await getDb().auditLog.findFirstOrThrow({ where: { tenantId: tenant.id, action: "tenant.billing_email_settings" } });
    expect(audit).toMatchObject({ actor: "user:user_1", before: { billingEmail: null }, after: settings });
  });
});
