import type { DefaultSession } from "next-auth";
import type { TenantRole } from "./roles";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      email: string;
      name: string;
      isPlatformAdmin: boolean;
    } & Omit<DefaultSession["user"], "email" | "name">;
    tenantId: string | null;
    role: TenantRole | null;
  }

  interface User {
    id: string;
    email: string;
    name: string;
    isPlatformAdmin: boolean;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    tenantId?: string | null;
    role?: TenantRole | null;
    isPlatformAdmin?: boolean;
    /** The user's sessionVersion when this session was signed in (lib/auth/session-version.ts). */
    sessionVersion?: number;
    /** Sign-in time in seconds; the absolute lifetime counts from here, whatever the renewals. */
    authTime?: number;
  }
}
