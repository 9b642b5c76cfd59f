import type { ReactNode } from "react";
import type { PendingInvite, TeamMember } from "@/lib/team/list-team";
import { formatDate } from "@/lib/format/dates";
import { ROLE_LABELS } from "@/lib/format/role";
import styles from "./team.module.css";
import billing from "@/components/billing/billing.module.css";

/** The team's members; `controls` renders an owner's buttons for a row (nothing for everyone else). */
export function MemberList({ members, controls }: { members: readonly TeamMember[]; controls?: (member: TeamMember) => ReactNode }) {
  return (
    <ul className={styles.list} data-testid="members">
      {members.map((member) => (
        <li key={member.membershipId} className={styles.item} data-testid="member-row" data-email={member.email}>
          <div className={styles.who}>
            <strong>
              {member.name}
              {member.isYou ? " (you)" : ""}
            </strong>
            <span className={styles.email}>{member.email}</span>
            <span>
              <span className={`${billing.badge} ${billing["tone-info"]}`} data-testid="member-role">
                {ROLE_LABELS[member.role]}
              </span>{" "}
              <span className={`${billing.small} ${billing.muted}`}>since {formatDate(member.joinedAt)}</span>
            </span>
          </div>
          {controls ? <div className={styles.controls}>{controls(member)}</div> : null}
        </li>
      ))}
    </ul>
  );
}

export function PendingInviteList({ invites, controls }: { invites: readonly PendingInvite[]; controls?: (invite: PendingInvite) => ReactNode }) {
  if (invites.length === 0) return <p className={billing.muted}>No pending invitations.</p>;
  return (
    <ul className={styles.list} data-testid="pending-invites">
      {invites.map((invite) => (
        <li key={invite.inviteId} className={styles.item} data-testid="invite-row" data-email={invite.email}>
          <div className={styles.who}>
            <strong>{invite.email}</strong>
            <span>
              <span className={`${billing.badge} ${billing["tone-neutral"]}`}>{ROLE_LABELS[invite.role]}</span>{" "}
              <span className={`${billing.small} ${invite.expired ? "" : billing.muted}`} data-testid="invite-expiry">
                {invite.expired ? `Expired on ${formatDate(invite.expiresAt)}: resend it for a new link` : `Sent ${formatDate(invite.sentAt)}, link valid until ${formatDate(invite.expiresAt)}`}
              </span>
            </span>
          </div>
          {controls ? <div className={styles.controls}>{controls(invite)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
