"use client";
import { RoleSelect } from "@/components/team/role-select";
import { TeamActionForm } from "@/components/team/team-action-form";
import { Field } from "@/components/ui/field";
import { inviteFormAction } from "./actions";

/** Email and role; the invitation goes out by email (never shown here: the link is for the invited address only). */
export function InviteForm() {
  return (
    <TeamActionForm
      action={inviteFormAction}
      submitLabel="Send invitation"
      pendingLabel="Sending…"
      doneMessage="Invitation sent. It appears under pending invitations until it is accepted."
      variant="primary"
      testId="invite-form"
      fields={(errors) => (
        <>
          <Field name="email" label="Email address" type="email" autoComplete="off" required maxLength={254} errors={errors.email} />
          <RoleSelect id="invite-role" label="Role" defaultValue="member" />
        </>
      )}
    />
  );
}
