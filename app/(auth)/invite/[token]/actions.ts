"use server";
// Accepting an invitation. The link's token is the credential: a guest may create the invited account with it;
// someone signed in may join only as the invited address (lib/team/accept-invite).
import { publicAction, userAction } from "@/lib/actions/safe-action";
import { acceptInviteAsUser, acceptInviteWithNewAccount, acceptTokenSchema, acceptWithNewAccountSchema } from "@/lib/team/accept-invite";

export const acceptWithNewAccountAction = publicAction(acceptWithNewAccountSchema, async (input) => {
  const { email } = await acceptInviteWithNewAccount(input);
  return { email };
});

export const acceptAsUserAction = userAction(acceptTokenSchema, async (input, { user }) => {
  return acceptInviteAsUser(user, input);
});
