import "server-only";
import { queryOnPool } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import { Prisma } from "@/lib/generated/prisma/client";

export interface BillingAudience {
  tenantName: string;
  /** Lower-cased and distinct: the billing address first, then billing admins when the tenant asked for copies. */
  recipients: string[];
  /** Receipts, refunds and plan changes: off when the tenant turned them off. */
  optionalEmails: boolean;
}

type AudienceRow = {
  id: string;
  name: string;
  billingEmail: string | null;
  copyBillingAdmins: boolean;
  optionalBillingEmails: boolean;
  /** Owners and billing members, oldest membership first. */
  members: { role: string; email: string }[];
};

/**
 * Who receives each tenant's billing emails, by the tenant's settings: its billing email (the first owner's address
 * when unset), copied to members with the billing role if it chose so. For a batch of billing-email decisions, in
 * one statement: each tenant with its owners' and billing members' addresses, where Prisma's nested select took
 * three per tenant. On the pool directly, prepared, like the decisions' ledger read (`queryOnPool`; no transaction).
 */
export async function billingAudiences(tenantIds: string[]): Promise<Map<string, BillingAudience>> {
  const tenants = await queryOnPool<AudienceRow>(prepared(Prisma.sql`
    SELECT t."id", t."name", t."billingEmail", t."copyBillingAdmins", t."optionalBillingEmails",
      COALESCE((SELECT json_agg(json_build_object('role', m."role", 'email', u."email") ORDER BY m."createdAt")
        FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."tenantId" = t."id" AND m."role" IN ('owner', 'billing')), '[]'::json) AS "members"
    FROM "Tenant" t WHERE t."id" = ANY(${tenantIds}::text[])`));
  return new Map(tenants.map((tenant) => [tenant.id, audienceOf(tenant)]));
}

function audienceOf(tenant: AudienceRow): BillingAudience {
  const owner = tenant.members.find((member) => member.role === "owner")?.email ?? null;
  const primary = tenant.billingEmail ?? owner;
  const copies = tenant.copyBillingAdmins ? tenant.members.filter((member) => member.role === "billing").map((member) => member.email) : [];
  const recipients = [...new Set([primary, ...copies].filter((address): address is string => !!address).map((a) => a.toLowerCase()))];
  return { tenantName: tenant.name, recipients, optionalEmails: tenant.optionalBillingEmails };
}
