import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";

/** An unticked checkbox is absent from the form; a ticked one says "on". */
const checkbox = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());

export const billingEmailSettingsSchema = z.object({
  // Empty: the first owner's address.
  billingEmail: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? null : typeof value === "string" ? value.trim().toLowerCase() : value),
    z.email("Enter an email address, or leave it empty to use the owner's.").max(254).nullable(),
  ),
  copyBillingAdmins: checkbox,
  optionalBillingEmails: checkbox,
});
export type BillingEmailSettings = z.output<typeof billingEmailSettingsSchema>;

/** The settings, and the first owner's address (where billing emails go while billingEmail is unset). */
export async function getBillingEmailSettings(tenantId: string): Promise<{ settings: BillingEmailSettings; ownerEmail: string | null }> {
  const tenant = await getDb().tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: {
      billingEmail: true,
      copyBillingAdmins: true,
      optionalBillingEmails: true,
      memberships: { where: { role: "owner" }, orderBy: { createdAt: "asc" }, take: 1, select: { user: { select: { email: true } } } },
    },
  });
  const { memberships, ...settings } = tenant;
  return { settings, ownerEmail: memberships[0]?.user.email ?? null };
}

/** Where the tenant's billing emails go and which are sent (lib/mail/billing-recipients.ts reads them); audited. */
export async function updateBillingEmailSettings(tenantId: string, userId: string, settings: BillingEmailSettings): Promise<BillingEmailSettings> {
  return getDb().$transaction(async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { billingEmail: true, copyBillingAdmins: true, optionalBillingEmails: true },
    });
    const after = await tx.tenant.update({
      where: { id: tenantId },
      data: settings,
      select: { billingEmail: true, copyBillingAdmins: true, optionalBillingEmails: true },
    });
    await recordAudit(tx, { tenantId, actor: `user:${userId}`, action: "tenant.billing_email_settings", before, after });
    return after;
  });
}
