"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { confirmEmailChange } from "@/lib/accounts/change-email";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { publicAction } from "@/lib/actions/safe-action";
import { clientAddressFromHeaders } from "@/lib/http/client-address";

// The signed-out account actions: each use case validates its own input and answers a guest the same whoever
// the address belongs to.

export const requestPasswordResetAction = publicAction(z.object({ email: z.string().max(1000) }), async (input) =>
  requestPasswordReset({ email: input.email, ip: clientAddressFromHeaders(await headers()) }),
);

export const resetPasswordAction = publicAction(z.object({ token: z.string().max(200), password: z.string().max(1000) }), async (input) =>
  resetPassword(input),
);

export const confirmEmailChangeAction = publicAction(z.object({ token: z.string().max(200) }), async (input) => confirmEmailChange(input.token));
