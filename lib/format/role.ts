import type { TenantRole } from "@/lib/auth/roles";

/** A team role in words, for the team page, the invitation page and the invitation email. */
export const ROLE_LABELS: Record<TenantRole, string> = { owner: "Owner", billing: "Billing admin", member: "Member" };

export const ROLE_DESCRIPTIONS: Record<TenantRole, string> = {
  owner: "manages the team and billing",
  billing: "manages the plan, card and invoices",
  member: "sees billing, read-only",
};
