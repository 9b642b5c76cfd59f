"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { requestEmailChange } from "@/lib/accounts/change-email";
import { changePassword } from "@/lib/accounts/change-password";
import { resendVerificationEmail } from "@/lib/accounts/email-verification";
import { userAction } from "@/lib/actions/safe-action";
import { clientAddressFromHeaders } from "@/lib/http/client-address";

// The signed-in user's own account: always the session's user, never an id from the form.

export const changePasswordAction = userAction(
  z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
  async (input, { user }) =>
    changePassword({ userId: user.id, currentPassword: input.currentPassword, newPassword: input.newPassword, ip: clientAddressFromHeaders(await headers()) }),
);

export const requestEmailChangeAction = userAction(
  z.object({ currentPassword: z.string().max(1024), newEmail: z.string().max(1000) }),
  async (input, { user }) =>
    requestEmailChange({ userId: user.id, currentPassword: input.currentPassword, newEmail: input.newEmail, ip: clientAddressFromHeaders(await headers()) }),
);

export const resendVerificationAction = userAction(z.object({}), async (_input, { user }) => resendVerificationEmail(user.id));
