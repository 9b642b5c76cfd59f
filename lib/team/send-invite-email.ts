import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TenantRole } from "@/lib/auth/roles";
import { queueEmail } from "@/lib/mail/queue-email";
import { invitePath } from "./invite-token";

export type InviteEmail = {
  inviteId: string;
  /** Which send of this invite it is: each send (the first, each resend) is its own email. */
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
 * The one place an invitation leaves the app: decided in the caller's transaction through the outbox, so an invite
 * that rolled back sends nothing and a committed one is sent once. The key names the send, so a resend is a new email.
 */
export async function sendInviteEmail(tx: Tx, email: InviteEmail): Promise<void> {
  await queueEmail(tx, {
    key: `invite:${email.inviteId}:${email.sendCount}`,
    to: email.to,
    template: "team-invite",
    tenantId: email.tenantId,
    props: {
      tenantName: email.tenantName,
      inviterName: email.inviterName,
      role: email.role,
      invitePath: invitePath(email.token),
      expiresAt: email.expiresAt.toISOString(),
    },
  });
}
