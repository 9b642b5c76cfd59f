"use server";

import { z } from "zod";
import { signUp } from "@/lib/accounts/sign-up";
import { publicAction } from "@/lib/actions/safe-action";

// Validation lives in signUp itself; this only shapes the form's fields into its input.
const formSchema = z.object({
  email: z.string(),
  password: z.string(),
  name: z.string(),
  tenantName: z.string(),
});

/** Creates the account; the form then signs in with the same credentials through next-auth. */
export const signUpAction = publicAction(formSchema, async (input) => {
  const { email } = await signUp(input);
  return { email };
});
