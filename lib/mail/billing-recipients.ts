import "server-only";
import type { Tx } from "@/lib/db/client";

export interface BillingAudience {
  tenantName: string;
  /** Lower-cased and distinct: the billing address first, then billing admins when the tenant asked for copies. */
  recipients: string[];
  /** Receipts, refunds and plan changes: off when the tenant turned them off. */
  optionalEmails: boolean;
}

/**
 * Who receives a tenant's billing emails, by the tenant's settings: its billing email (the first owner's address
 * when unset), copied to members with the billing role if it chose so.
 */
export async function billingAudience(tx: Tx, tenantId: string): Promise<BillingAudience | null> {
  const tenant = await tx.tenant.findUnique({
    where: { id: tenantId },
    select: {
      name: true,
      billingEmail: true,
      copyBillingAdmins: true,
      optionalBillingEmails: true,
      memberships: {
        where: { role: { in: ["owner", "billing"] } },
        orderBy: { createdAt: "asc" },
        select: { role: true, user: { select: { email: true } } },
      },
    },
  });
  if (!tenant) return null;
  const owner = tenant.memberships.find((membership) => membership.role === "owner")?.user.email ?? null;
  const primary = tenant.billingEmail ?? owner;
  const copies = tenant.copyBillingAdmins
    ? tenant.memberships.filter((membership) => membership.role === "billing").map((membership) => membership.user.email)
    : [];
  const recipients = [...new Set([primary, ...copies].filter((address): address is string => !!address).map((a) => a.toLowerCase()))];
  return { tenantName: tenant.name, recipients, optionalEmails: tenant.optionalBillingEmails };
}
