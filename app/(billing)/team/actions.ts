"use server";
// Server actions of the team page: owners only (the guard answers anyone else "not found"), zod-validated, tenant
// from the session. Each use case re-reads the caller's role under the tenant's lock (lib/team/team-lock).
import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/actions/safe-action";
import { changeMemberRole } from "@/lib/team/change-member-role";
import { inviteMember } from "@/lib/team/invite-member";
import { removeMember } from "@/lib/team/remove-member";
import { resendInvite } from "@/lib/team/resend-invite";
import { revokeInvite } from "@/lib/team/revoke-invite";
import { changeRoleSchema, inviteIdSchema, inviteMemberSchema, membershipIdSchema } from "@/lib/team/team-schemas";
import { transferOwnership } from "@/lib/team/transfer-ownership";

const OWNERS = ["owner"] as const;

/** Every change re-renders the team page with the new list. */
function changed<T>(result: T): T {
  revalidatePath("/team");
  return result;
}

const invite = tenantAction(OWNERS, inviteMemberSchema, async (input, context) => changed(await inviteMember(context, input)));
const resend = tenantAction(OWNERS, inviteIdSchema, async (input, context) => changed(await resendInvite(context, input)));
const revoke = tenantAction(OWNERS, inviteIdSchema, async (input, context) => changed(await revokeInvite(context, input)));
const changeRole = tenantAction(OWNERS, changeRoleSchema, async (input, context) => changed(await changeMemberRole(context, input)));
const remove = tenantAction(OWNERS, membershipIdSchema, async (input, context) => changed(await removeMember(context, input)));
const transfer = tenantAction(OWNERS, membershipIdSchema, async (input, context) => changed(await transferOwnership(context, input)));

// useActionState's shape: (previous state, form data).
export async function inviteFormAction(_previous: unknown, formData: FormData) {
  return invite(formData);
}
export async function resendInviteFormAction(_previous: unknown, formData: FormData) {
  return resend(formData);
}
export async function revokeInviteFormAction(_previous: unknown, formData: FormData) {
  return revoke(formData);
}
export async function changeRoleFormAction(_previous: unknown, formData: FormData) {
  return changeRole(formData);
}
export async function removeMemberFormAction(_previous: unknown, formData: FormData) {
  return remove(formData);
}
export async function transferOwnershipFormAction(_previous: unknown, formData: FormData) {
  return transfer(formData);
}
