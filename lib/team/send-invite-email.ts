import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TenantRole } from "@/lib/auth/roles";

export type InviteEmail = {
  inviteId: string;
  /** Which send of this invite it is: each send (first one, resends) is its own email. */
  sendCount: number;
  tenantId: string;
  tenantName: string;
  inviterName: string;
  to: string;
  role: TenantRole;
  token: string;
  expiresAt: Date;
};

/**
 * The one place an invitation leaves the app: decided in the caller's transaction, so an invite that rolled back
 * sends nothing. Placeholder until the mail core (lib/mail) lands; then this queues the "team-invite" template.
 */
export async function sendInviteEmail(_tx: Tx, _email: InviteEmail): Promise<void> {}
