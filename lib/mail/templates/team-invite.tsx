import { Link, Text } from "@react-email/components";
import type { TenantRole } from "@/lib/auth/roles";
import { formatDate } from "@/lib/format/dates";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/format/role";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

export interface TeamInviteProps {
  tenantName: string;
  inviterName: string;
  role: TenantRole;
  /** `/invite/<token>`: the one-time link (lib/team/invite-token). */
  invitePath: string;
  /** ISO date after which the link no longer works. */
  expiresAt: string;
}

function TeamInvite(props: TeamInviteProps) {
  const url = absoluteUrl(props.invitePath);
  return (
    <EmailLayout preview={`${props.inviterName} invites you to ${props.tenantName}`} title={`Join ${props.tenantName} on Asset Anchor Billing`}>
      <Text style={paragraph}>
        {props.inviterName} invites you to {props.tenantName} as {ROLE_LABELS[props.role].toLowerCase()}: you {ROLE_DESCRIPTIONS[props.role]}.
      </Text>
      <ActionLink href={url}>Accept the invitation</ActionLink>
      <Text style={paragraph}>
        Or open this link: <Link href={url}>{url}</Link>
      </Text>
      <Text style={paragraph}>
        It works once, until {formatDate(props.expiresAt)}. If you did not expect this invitation, ignore this email: nothing happens
        unless you accept.
      </Text>
    </EmailLayout>
  );
}

export const teamInvite = defineTemplate<TeamInviteProps>({
  subject: (props) => `${props.inviterName} invites you to ${props.tenantName}`,
  component: TeamInvite,
  // The link is a credential: the outbox forgets it once sent, and an admin cannot resend it (the owner resends).
  secret: true,
});
