import type { TenantRole } from "./roles";

export type SessionUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };
export type SessionTenant = { id: string; name: string; slug: string };

export type UserContext = { user: SessionUser };
export type TenantContext = { user: SessionUser; tenant: SessionTenant; role: TenantRole };
export type AdminContext = { user: SessionUser };

/** What the signed session cookie claims; every guard re-checks it against the database. */
export type SessionIdentity = { userId: string; tenantId: string | null };
