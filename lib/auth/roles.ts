import type { MembershipRole } from "@/lib/generated/prisma/enums";

// Mirrors the Prisma enum so client components can name roles without importing generated code.
export const TENANT_ROLES = ["owner", "billing", "member"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** At least one role: an empty list is a type error rather than "anyone" (pass TENANT_ROLES for that). */
export type RoleList = readonly [TenantRole, ...TenantRole[]];

// Fails to compile if the schema's enum and this list drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatchSchema: Same<TenantRole, MembershipRole> = true;
void rolesMatchSchema;
