// GET /team — who is on the team and in which role. Owners also invite by email, resend or revoke invitations, change
// roles, remove members and hand over ownership; everyone else sees the list read-only (the actions refuse them too).
import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/billing/billing.module.css";
import { MemberList, PendingInviteList } from "@/components/team/member-list";
import { RoleHelp } from "@/components/team/role-help";
import { RoleSelect } from "@/components/team/role-select";
import { TeamActionForm } from "@/components/team/team-action-form";
import { requireTenantRole } from "@/lib/auth/guards";
import { listTeam } from "@/lib/team/list-team";
import { getSeatSummary } from "@/lib/team/seats";
import {
  changeRoleFormAction,
  removeMemberFormAction,
  resendInviteFormAction,
  revokeInviteFormAction,
  transferOwnershipFormAction,
} from "./actions";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const { tenant, user, role } = await requireTenantRole();
  const [{ members, invites }, seats] = await Promise.all([listTeam(tenant.id, user.id), getSeatSummary(tenant.id)]);
  const isOwner = role === "owner";

  return (
    <>
      <h1 className={styles.pageTitle}>Team</h1>
      <p className={styles.lead}>People who can see or manage billing for {tenant.name}.</p>
      {!isOwner && (
        <div className={`${styles.banner} ${styles.bannerInfo}`} role="note" data-testid="team-read-only">
          Only owners can invite people or change roles. Ask an owner if someone needs access.
        </div>
      )}
      <div className={styles.stack}>
        {isOwner && (
          <section className={styles.card} aria-labelledby="invite-title">
            <h2 className={styles.cardTitle} id="invite-title">
              Invite someone
            </h2>
            {seats && (
              <p className={seats.used >= seats.paid ? `${styles.banner} ${styles.bannerInfo}` : styles.muted} data-testid="team-seats">
                Seats: {seats.used} of {seats.paid} paid seats in use.{" "}
                {seats.used >= seats.paid && "Each invitation needs a free seat. "}
                <Link href="/billing#seats">Add a seat on the billing page</Link>
              </p>
            )}
            <InviteForm />
            <RoleHelp />
          </section>
        )}

        <section className={styles.card} aria-labelledby="members-title">
          <h2 className={styles.cardTitle} id="members-title">
            Members
          </h2>
          <MemberList
            members={members}
            controls={
              isOwner
                ? (member) => (
                    <>
                      <TeamActionForm
                        action={changeRoleFormAction}
                        hidden={{ membershipId: member.membershipId }}
                        submitLabel="Save role"
                        pendingLabel="Saving…"
                        doneMessage="Role saved."
                      >
                        <RoleSelect id={`role-${member.membershipId}`} label={`Role of ${member.name}`} defaultValue={member.role} />
                      </TeamActionForm>
                      {!member.isYou && member.role !== "owner" && (
                        <TeamActionForm
                          action={transferOwnershipFormAction}
                          hidden={{ membershipId: member.membershipId }}
                          submitLabel="Make owner instead of me"
                          pendingLabel="Handing over…"
                          doneMessage="Ownership handed over."
                          confirmText={`${member.name} becomes an owner and you become a billing admin: you will no longer manage the team.`}
                        />
                      )}
                      <TeamActionForm
                        action={removeMemberFormAction}
                        hidden={{ membershipId: member.membershipId }}
                        submitLabel={member.isYou ? "Leave team" : "Remove"}
                        pendingLabel="Removing…"
                        doneMessage="Removed from the team."
                        variant="danger"
                        confirmText={member.isYou ? "You lose access to this team's billing." : `${member.name} loses access to this team's billing.`}
                      />
                    </>
                  )
                : undefined
            }
          />
        </section>

        {isOwner && (
          <section className={styles.card} aria-labelledby="invites-title">
            <h2 className={styles.cardTitle} id="invites-title">
              Pending invitations
            </h2>
            <PendingInviteList
              invites={invites}
              controls={(invite) => (
                <>
                  <TeamActionForm
                    action={resendInviteFormAction}
                    hidden={{ inviteId: invite.inviteId }}
                    submitLabel="Resend"
                    pendingLabel="Sending…"
                    doneMessage="Sent again with a new link; the previous link no longer works."
                  />
                  <TeamActionForm
                    action={revokeInviteFormAction}
                    hidden={{ inviteId: invite.inviteId }}
                    submitLabel="Revoke"
                    pendingLabel="Revoking…"
                    doneMessage="Invitation revoked."
                    variant="danger"
                  />
                </>
              )}
            />
          </section>
        )}
      </div>
    </>
  );
}
